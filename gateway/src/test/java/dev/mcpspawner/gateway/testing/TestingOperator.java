package dev.mcpspawner.gateway.testing;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.RunnerKeys;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.runner.Runner;
import dev.mcpspawner.runner.RunnerConfig;
import dev.mcpspawner.testing.Fixtures;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays operator and kubelet on the mock API: for every new McpSession it creates the runner
 * Secret, starts a {@link TestingMcpServer} as the "pod" and reports Ready with its endpoint.
 * Sessions of {@link #MEMORY} run the real runner in front of
 * {@code @modelcontextprotocol/server-memory} from {@code fixtures/npm}; {@link #BROKEN} ones fail
 * the way a crashing server does; {@link #STUCK} ones never get past Starting.
 */
public final class TestingOperator implements AutoCloseable {
  public static final String BROKEN = "broken";
  public static final String STUCK = "stuck";
  public static final String MEMORY = "memory";
  public static final String EVERYTHING = "everything";

  /**
   * A {@code transport: streamable-http} server: the everything server's own stateful Streamable
   * HTTP transport, no runner in front; what it logs is kept ({@link #httpServerLog}).
   */
  public static final String EVERYTHING_HTTP = "everything-http";

  /** The runner in front of {@code fixtures/stdio/probe-server.mjs}, which shows what it got. */
  public static final String PROBE = "probe";

  /** All sessions of this server share one quiet stand-in pod (for holding many streams). */
  public static final String SHARED = "shared";

  private final KubernetesClient client;
  private final String namespace;
  private final SharedIndexInformer<McpSession> informer;
  private final Map<String, TestingMcpServer> pods = new ConcurrentHashMap<>();
  private final Map<String, Runner> runners = new ConcurrentHashMap<>();
  private final Map<String, Process> httpServers = new ConcurrentHashMap<>();
  private final Map<String, Path> httpServerLogs = new ConcurrentHashMap<>();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private volatile byte[] key = newKey();
  private TestingMcpServer sharedPod;

  public TestingOperator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    writeKey();
    this.informer =
        client
            .resources(McpSession.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(McpSession s) {
                    if (seen.add(s.getMetadata().getName())) {
                      Thread.ofVirtual().start(() -> reconcile(s));
                    }
                  }

                  @Override
                  public void onUpdate(McpSession old, McpSession s) {}

                  @Override
                  public void onDelete(McpSession s, boolean unknown) {
                    String name = s.getMetadata().getName();
                    TestingMcpServer pod = pods.remove(name);
                    if (pod != null) {
                      pod.close();
                    }
                    // The garbage collector's part: the Secret goes with its session, and a
                    // session created again under the name is a new one.
                    client
                        .secrets()
                        .inNamespace(namespace)
                        .withName(Names.runnerSecretName(name))
                        .delete();
                    seen.remove(name);
                  }
                });
  }

  /** The stand-in pod of a session (null when it has none). */
  public TestingMcpServer pod(String session) {
    return pods.get(session);
  }

  private void reconcile(McpSession s) {
    String name = s.getMetadata().getName();
    try {
      McpSessionStatus status = new McpSessionStatus();
      switch (s.getSpec().getServer()) {
        case BROKEN -> {
          status.setPhase(SessionPhase.Failed);
          status.setReason("ServerExited");
          status.setMessage("the MCP server exited during start");
          status.setExitCode(1);
          status.setStderrTail("Error: Cannot find module 'left-pad'");
        }
        case STUCK -> status.setPhase(SessionPhase.Starting);
        default -> {
          String server = s.getSpec().getServer();
          String token = RunnerKeys.token(key, s.getMetadata());
          createSecret(name, token);
          URI endpoint;
          if (MEMORY.equals(server) || EVERYTHING.equals(server) || PROBE.equals(server)) {
            Runner runner = Runner.start(runnerFor(server, name, token));
            runners.put(name, runner);
            endpoint = runner.mcpUri();
          } else if (EVERYTHING_HTTP.equals(server)) {
            endpoint = startHttpServer(name);
          } else if (SHARED.equals(server)) {
            TestingMcpServer shared = sharedPod();
            shared.accept(token);
            endpoint = shared.endpoint();
          } else {
            TestingMcpServer pod = new TestingMcpServer(name, token);
            pods.put(name, pod);
            endpoint = pod.endpoint();
          }
          status.setPhase(SessionPhase.Ready);
          status.setEndpoint(endpoint.toString());
        }
      }
      client
          .resources(McpSession.class)
          .inNamespace(namespace)
          .withName(name)
          .editStatus(
              current -> {
                current.setStatus(status);
                return current;
              });
    } catch (Exception e) {
      throw new IllegalStateException("testing operator failed on " + name, e);
    }
  }

  private URI startHttpServer(String session) throws IOException {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path log = Files.createTempFile("everything-http-" + session, ".log");
    ProcessBuilder builder =
        new ProcessBuilder("node", Fixtures.mcpServerScript("server-everything"), "streamableHttp")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PORT", String.valueOf(port));
    httpServers.put(session, builder.start());
    httpServerLogs.put(session, log);
    int bound = port;
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              try (java.net.Socket socket = new java.net.Socket("127.0.0.1", bound)) {
                return true;
              }
            });
    return URI.create("http://127.0.0.1:" + port + "/mcp");
  }

  /** What the {@link #EVERYTHING_HTTP} server of {@code session} has logged so far. */
  public String httpServerLog(String session) throws IOException {
    return Files.readString(httpServerLogs.get(session));
  }

  /**
   * Replaces the runner key, and the session's runner token in its Secret and in its stand-in pod
   * with the one the new key gives (as a runner started after the rotation would have it).
   */
  public void rotateKey(String session) {
    key = newKey();
    client.secrets().inNamespace(namespace).withName(RunnerContract.KEY_SECRET).delete();
    writeKey();
    McpSession s =
        client.resources(McpSession.class).inNamespace(namespace).withName(session).get();
    String token = RunnerKeys.token(key, s.getMetadata());
    client.secrets().inNamespace(namespace).withName(Names.runnerSecretName(session)).delete();
    createSecret(session, token);
    pods.get(session).acceptOnly(token);
  }

  private static byte[] newKey() {
    byte[] k = new byte[RunnerContract.KEY_BYTES];
    new java.security.SecureRandom().nextBytes(k);
    return k;
  }

  private void writeKey() {
    createSecret(RunnerContract.KEY_SECRET, RunnerContract.KEY_KEY, key);
  }

  private void createSecret(String name, String token) {
    createSecret(
        Names.runnerSecretName(name),
        RunnerContract.TOKEN_KEY,
        token.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates Secret {@code name} holding {@code value} under {@code key}. */
  private void createSecret(String name, String key, byte[] value) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value))
                .build())
        .create();
  }

  private synchronized TestingMcpServer sharedPod() throws IOException {
    if (sharedPod == null) {
      sharedPod = new TestingMcpServer("shared", null);
      sharedPod.quietStreams = true;
    }
    return sharedPod;
  }

  /** A real runner in front of a fixtures/npm server, as the session pod would run it. */
  public static RunnerConfig runnerFor(String server, String session, String token)
      throws IOException {
    Path memory = Files.createTempFile("memory-" + session, ".json");
    Files.delete(memory);
    List<String> args =
        switch (server) {
          case MEMORY -> List.of(Fixtures.mcpServerScript("server-memory"));
          case PROBE -> List.of(Fixtures.stdioServer("probe-server.mjs").toString());
          default -> List.of(Fixtures.mcpServerScript("server-everything"), "stdio");
        };
    return RunnerConfig.builder("node")
        .args(args)
        .env("MEMORY_FILE_PATH", memory.toString())
        .bindAddress("127.0.0.1")
        .port(0)
        .token(token)
        .sessionId(session)
        .shutdownGrace(Duration.ofSeconds(2))
        .handshakeTimeout(Duration.ofSeconds(60))
        .build();
  }

  @Override
  public void close() {
    informer.close();
    pods.values().forEach(TestingMcpServer::close);
    runners.values().forEach(Runner::close);
    httpServers.values().forEach(Process::destroy);
    if (sharedPod != null) {
      sharedPod.close();
    }
  }
}
