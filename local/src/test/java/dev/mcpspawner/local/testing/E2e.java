package dev.mcpspawner.local.testing;

import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Storage;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator.ApiKey;
import dev.mcpspawner.local.LocalApiKeys;
import dev.mcpspawner.local.LocalMode;
import dev.mcpspawner.local.LocalSettings;
import dev.mcpspawner.local.catalog.LocalCatalog;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.testing.Fixtures;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local mode for a test class, with the example catalog (run offline from fixtures/npm), the
 * test servers and API keys for a few users, plus real MCP Java SDK clients signed in with them.
 */
public final class E2e implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  /**
   * The runner's AOT cache of every local mode of the test run: built once, not once per test
   * (surefire runs in the module's directory).
   */
  public static final Path RUNNER_CACHE = Path.of("target", "runner-aot").toAbsolutePath();

  /** A server that exits with code 3 (and a stderr message) in the middle of tool {@code crash}. */
  public static final String CRASHY = "crashy";

  /** Per-user memory graph on the home, ended after 3 s without requests. */
  public static final String MEMORY_IDLE = "memory-idle";

  /** The stdio probe server of the runner's tests: logs, cancellation, asks, change notices. */
  public static final String PROBE = "probe";

  /** The project's conformance fixture server. */
  public static final String CONFORMANCE = "conformance";

  /** Declares credential {@link #CREDENTIAL}; its tool reports the SHA-256 of what it got. */
  public static final String CREDENTIALED = "credentialed";

  /** The same server, declaring no credential. */
  public static final String UNCREDENTIALED = "uncredentialed";

  public static final String CREDENTIAL = "DEMO_TOKEN";

  public static final Path NPM = Fixtures.npm();
  public static final Path FIXTURES = Fixtures.dir();

  private final List<String> users;
  private Duration activityInterval = Duration.ofSeconds(1);
  private boolean firstIsAdmin;
  private Path data;
  private LocalMode local;
  private KubernetesClient client;
  private final Map<String, String> keys = new LinkedHashMap<>();
  private final List<McpSyncClient> clients = new ArrayList<>();

  private E2e(List<String> users) {
    this.users = List.copyOf(users);
  }

  /**
   * A local mode for the test class that registers it ({@code @RegisterExtension static final E2e
   * e2e = E2e.of(...)}): started before the class's {@code @BeforeAll} methods, closed after all of
   * its tests.
   *
   * @param users user ids; each gets keys {@code <user>} and {@code <user>-2} (two clients)
   */
  public static E2e of(String... users) {
    return new E2e(List.of(users));
  }

  public static E2e of(List<String> users) {
    return new E2e(users);
  }

  /** How often the gateway writes last-activity (1 s unless set). */
  public E2e activityInterval(Duration value) {
    activityInterval = value;
    return this;
  }

  /** As local mode itself does it: the first user (both keys) is an administrator. */
  public E2e firstUserIsAdmin() {
    firstIsAdmin = true;
    return this;
  }

  /** Starts local mode now (for code that is not a JUnit test class, such as the benchmarks). */
  public static E2e start(List<String> users, Duration activityInterval) {
    E2e e2e = of(users).activityInterval(activityInterval);
    e2e.open();
    return e2e;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void open() {
    try {
      Path dataDir = Files.createTempDirectory("mcp-spawner-e2e-");
      Map<String, String> keys = new LinkedHashMap<>();
      List<ApiKey> entries = new ArrayList<>();
      for (String user : users) {
        for (String id : List.of(user, user + "-2")) {
          String key = LocalApiKeys.newKey();
          keys.put(id, key);
          boolean admin = firstIsAdmin && user.equals(users.get(0));
          entries.add(
              LocalApiKeys.entry(
                  id, user, key, admin ? List.of(LocalSettings.ADMIN_GROUP) : List.of()));
        }
      }
      List<McpServer> catalog =
          new ArrayList<>(LocalCatalog.offline(LocalCatalog.examples(), new NpmPackages(NPM)));
      String node = new NpmPackages(NPM).node();
      catalog.add(
          server(CRASHY, node, List.of(fixture("crashing-server.mjs")), Map.of(), false, null));
      catalog.add(
          server(
              MEMORY_IDLE,
              node,
              List.of(Fixtures.mcpServerScript("server-memory")),
              Map.of("MEMORY_FILE_PATH", "{USER_DIR}/memory.jsonl"),
              true,
              "3s"));
      catalog.add(
          server(
              CONFORMANCE,
              node,
              List.of(FIXTURES.resolve("conformance-server/server.mjs").toString()),
              Map.of(),
              false,
              null));
      catalog.add(
          server(
              PROBE,
              node,
              List.of(FIXTURES.resolve("stdio/probe-server.mjs").toString()),
              Map.of(),
              false,
              null));
      McpServer credentialed =
          server(
              CREDENTIALED, node, List.of(fixture("credential-server.mjs")), Map.of(), false, null);
      credentialed
          .getSpec()
          .setCredentials(List.of(new Credential(CREDENTIAL, "a demo token", true, null)));
      catalog.add(credentialed);
      McpServer plain =
          server(
              UNCREDENTIALED,
              node,
              List.of(fixture("credential-server.mjs")),
              Map.of(),
              false,
              null);
      catalog.add(plain);
      LocalSettings settings =
          LocalSettings.builder(dataDir)
              .ports(0, 0)
              .apiKeys(entries)
              .catalog(catalog)
              .activityInterval(activityInterval)
              .spawnTimeout(Duration.ofSeconds(90))
              // Suites of other things open many sessions per user; limits have tests of their own.
              .userDefaults(UserDefaults.NO_LIMITS)
              .runnerCacheDir(RUNNER_CACHE)
              .build();
      local = LocalMode.start(settings);
      data = dataDir;
      this.keys.putAll(keys);
      client = local.newClient();
      // Sessions run as users' do once local mode has built the runner's AOT cache (first start).
      local
          .runnerImage()
          .aotCache()
          .ifPresent(cache -> cache.buildInBackground().orTimeout(3, TimeUnit.MINUTES).join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String fixture(String name) {
    return Path.of("src/test/fixtures", name).toAbsolutePath().toString();
  }

  private static McpServer server(
      String name,
      String command,
      List<String> args,
      Map<String, String> env,
      boolean home,
      String idleTimeout) {
    McpServer s = new McpServer();
    s.setMetadata(new ObjectMetaBuilder().withName(name).build());
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand(command);
    spec.setArgs(args);
    spec.setEnv(new LinkedHashMap<>(env));
    Storage storage = new Storage();
    storage.setHome(home);
    spec.setStorage(storage);
    spec.setIdleTimeout(idleTimeout);
    s.setSpec(spec);
    return s;
  }

  public LocalMode local() {
    return local;
  }

  public KubernetesClient api() {
    return client;
  }

  public String key(String id) {
    return keys.get(id);
  }

  /** A Java SDK client for {@code server}, signed in with API key {@code keyId}, initialized. */
  public McpSyncClient connect(String keyId, String server) {
    McpSyncClient c = unconnected(keyId, server);
    c.initialize();
    return c;
  }

  public McpSyncClient unconnected(String keyId, String server) {
    var transport =
        HttpClientStreamableHttpTransport.builder(local.gatewayUrl())
            .endpoint("/mcp/" + server)
            .requestBuilder(
                HttpRequest.newBuilder().header("Authorization", "Bearer " + keys.get(keyId)))
            .build();
    // Suites start up to twenty sessions at once on two shared cores; how long a start takes is
    // the benchmarks' business (docs/benchmarks), so initialize gets the same minute as a request.
    McpSyncClient c =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(60))
            .initializationTimeout(Duration.ofSeconds(60))
            .build();
    synchronized (clients) {
      clients.add(c);
    }
    return c;
  }

  public List<McpSession> sessions() {
    return client
        .resources(McpSession.class)
        .inNamespace(LocalSettings.NAMESPACE)
        .list()
        .getItems();
  }

  /** The first session of {@code server} the API lists; fails if there is none. */
  public McpSession sessionOf(String server) {
    return sessions().stream()
        .filter(s -> s.getSpec().getServer().equals(server))
        .findFirst()
        .orElseThrow();
  }

  public McpSession session(String name) {
    return client
        .resources(McpSession.class)
        .inNamespace(LocalSettings.NAMESPACE)
        .withName(name)
        .get();
  }

  /**
   * The reasons of the Events recorded about {@code session}, oldest first as the API lists them.
   */
  public List<String> eventReasons(String session) {
    return client.v1().events().inNamespace(LocalSettings.NAMESPACE).list().getItems().stream()
        .filter(e -> session.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  public List<Pod> pods() {
    return client.pods().inNamespace(LocalSettings.NAMESPACE).list().getItems();
  }

  public Path home(String user) {
    return data.resolve("homes").resolve(dev.mcpspawner.crds.Names.userSlug(user));
  }

  @Override
  public void close() {
    if (local == null) {
      return;
    }
    synchronized (clients) {
      for (McpSyncClient c : clients) {
        try {
          c.closeGracefully();
        } catch (RuntimeException e) {
          // the session may be gone already
        }
      }
    }
    try {
      client.close();
    } finally {
      local.close();
      local = null;
      deleteTree(data);
      assertNoProcessLeft();
    }
  }

  /** Local mode stops every process it started; anything left is killed and reported. */
  private static void assertNoProcessLeft() {
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
    } catch (ConditionTimeoutException stillAlive) {
      // reported and killed below
    }
    List<String> left =
        ProcessHandle.current()
            .descendants()
            .filter(ProcessHandle::isAlive)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
            .toList();
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    if (!left.isEmpty()) {
      throw new AssertionError("processes left behind by local mode: " + left);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp directory: leftovers are harmless
    }
  }
}
