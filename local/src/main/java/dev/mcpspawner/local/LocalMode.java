package dev.mcpspawner.local;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.GatewayConfig;
import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.OAuthAuthenticator;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator.ApiKey;
import dev.mcpspawner.gateway.user.UserDirectory;
import dev.mcpspawner.local.api.EmbeddedApi;
import dev.mcpspawner.local.gc.OwnerReferenceCollector;
import dev.mcpspawner.local.kubelet.ContainerCommand;
import dev.mcpspawner.local.kubelet.LoopbackAddresses;
import dev.mcpspawner.local.kubelet.ProcessKubelet;
import dev.mcpspawner.local.kubelet.RunnerAotCache;
import dev.mcpspawner.oauth.SignIn;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.SpawnerOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Local mode: the whole of mcp-spawner on one machine, for evaluation and tests, not production. An
 * in-memory Kubernetes API, the operator, the gateway, a kubelet that runs session pods as local
 * processes and the garbage collector the API lacks; each component has a client of its own and can
 * be stopped and started again on its own, as its own process could.
 */
public final class LocalMode implements AutoCloseable {
  static final String OPERATOR_IDENTITY = "mcp-spawner-local";
  private final LocalSettings settings;
  private final EmbeddedApi api;
  private final ContainerCommand runnerImage;
  private final ProcessKubelet kubelet;
  private final OwnerReferenceCollector collector;
  private final KubernetesClient kubeletClient;
  private final KubernetesClient collectorClient;
  private SpawnerOperator operator;
  private KubernetesClient operatorClient;
  private GatewayApp gateway;
  private SignIn signIn;
  private KubernetesClient gatewayClient;
  private int gatewayPort;
  private final java.util.List<KubernetesClient> retiredClients = new java.util.ArrayList<>();

  private LocalMode(LocalSettings settings) {
    this.settings = settings;
    this.gatewayPort = settings.gatewayPort();
    this.api = EmbeddedApi.start(settings.apiPort());
    api.createNamespace(settings.namespace());
    kubeletClient = api.newClient();
    runnerImage =
        settings.runnerCacheDir() == null
            ? ContainerCommand.runnerFromClassPath()
            : ContainerCommand.runnerWithAotCache(settings.runnerCacheDir());
    kubelet =
        new ProcessKubelet(
                kubeletClient,
                settings.namespace(),
                settings.dataDir(),
                runnerImage,
                new LoopbackAddresses(settings.podBlock()))
            .start();
    // Built while the rest starts; sessions that start before it is there go without it.
    runnerImage.aotCache().ifPresent(RunnerAotCache::buildInBackground);
    for (McpServer server : settings.catalog()) {
      apply(server);
    }
    settings.apiKeys().stream().map(ApiKey::user).distinct().forEach(this::ensureUser);
    collectorClient = api.newClient();
    collector =
        new OwnerReferenceCollector(collectorClient, settings.namespace())
            .start(Duration.ofMillis(500));
  }

  /** Starts everything; on failure stops whatever had started. */
  public static LocalMode start(LocalSettings settings) {
    try {
      Files.createDirectories(settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LocalMode local = new LocalMode(settings);
    try {
      local.startOperator();
      local.startGateway();
      return local;
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
  }

  /** Creates or replaces a catalog entry in the local mode's namespace. */
  public void apply(McpServer server) {
    var spec = server.getSpec();
    java.util.stream.Stream.concat(
            java.util.stream.Stream.ofNullable(spec.getCommand()), spec.getArgs().stream())
        .filter(v -> v.startsWith("/") && Files.exists(Path.of(v)))
        .forEach(kubelet::keepHostPath);
    server.getMetadata().setNamespace(settings.namespace());
    server.getMetadata().setResourceVersion(null);
    api.client().resource(server).createOr(r -> r.update());
  }

  /** The user's McpUser, as their first sign-in would make it (so kubectl lists them at once). */
  private void ensureUser(String subject) {
    McpUser user = new McpUser();
    user.getMetadata().setName(Names.userSlug(subject));
    user.getMetadata().setNamespace(settings.namespace());
    user.getMetadata().setLabels(Map.of(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY));
    user.setSpec(new McpUserSpec(subject));
    var existing =
        api.client()
            .resources(McpUser.class)
            .inNamespace(settings.namespace())
            .withName(user.getMetadata().getName());
    if (existing.get() == null) {
      api.client().resource(user).create();
    }
  }

  public synchronized void startOperator() {
    if (operator != null) {
      return;
    }
    operatorClient = api.newClient();
    OperatorConfig config =
        OperatorConfig.defaults().toBuilder()
            .namespaces(Set.of(settings.namespace()))
            .httpPort(-1)
            .maxRecheckInterval(Duration.ofSeconds(30))
            .userDefaults(settings.userDefaults())
            // As in a cluster: the operator holds its leader Lease, which the admin overview reads.
            // One identity, so a restarted operator takes it back at once.
            .leaderElection(settings.namespace(), OPERATOR_IDENTITY)
            .build();
    operator = new SpawnerOperator(operatorClient, config, Clock.systemUTC()).start();
  }

  /**
   * Stops the operator as a killed process would leave things: reconciles in flight may still try
   * to write, so its client is only closed with local mode.
   */
  public synchronized void stopOperator() {
    if (operator != null) {
      operator.stop();
      retiredClients.add(operatorClient);
      operator = null;
    }
  }

  public synchronized void startGateway() {
    if (gateway != null) {
      return;
    }
    gatewayClient = api.newClient();
    if (gatewayPort == 0) {
      gatewayPort = freePort(); // the public URL names it, and a restart comes back on it
    }
    GatewayConfig config =
        GatewayConfig.defaults(settings.namespace()).toBuilder()
            .host("127.0.0.1")
            .port(gatewayPort)
            .publicUrl(gatewayUrl())
            // The gateway's own origins, and the MCP Inspector's default ones.
            .allowedOrigins(
                Set.of(
                    "http://localhost:" + gatewayPort,
                    "http://localhost:6274",
                    "http://127.0.0.1:6274"))
            .activityInterval(settings.activityInterval())
            .spawnTimeout(settings.spawnTimeout())
            .drainTimeout(Duration.ofSeconds(5))
            .userDefaults(settings.userDefaults())
            .adminGroups(Set.of(LocalSettings.ADMIN_GROUP))
            .operatorLease(settings.namespace() + "/" + OperatorConfig.LEASE_NAME)
            .build();
    Authenticator apiKeys = new StaticApiKeyAuthenticator(settings.apiKeys());
    if (settings.oauthUsersFile() == null) {
      gateway = new GatewayApp(gatewayClient, config, apiKeys).start();
      return;
    }
    // As the gateway process does it in MCP_SPAWNER_AUTH_MODE=builtin: OAuth state in the API.
    UserDirectory users =
        new UserDirectory(gatewayClient, settings.namespace(), settings.userDefaults());
    signIn =
        SignIn.fromEnv(
            Map.of(
                "MCP_SPAWNER_AUTH_MODE",
                "builtin",
                "MCP_SPAWNER_OAUTH_USERS_FILE",
                settings.oauthUsersFile().toString()),
            gatewayClient,
            settings.namespace(),
            gatewayUrl(),
            users::tokensNotBefore,
            Clock.systemUTC());
    Authenticator authenticator =
        new OAuthAuthenticator(signIn.verifier().orElseThrow(), signIn.requiredScope(), apiKeys);
    gateway = new GatewayApp(gatewayClient, config, authenticator, signIn::register, users).start();
  }

  private static int freePort() {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void stopGateway() {
    if (gateway != null) {
      gateway.close();
      if (signIn != null) {
        signIn.close();
        signIn = null;
      }
      gatewayClient.close();
      gateway = null;
    }
  }

  /** The running gateway (null while stopped). */
  public synchronized GatewayApp gateway() {
    return gateway;
  }

  public String gatewayUrl() {
    return "http://127.0.0.1:" + gatewayPort;
  }

  public String mcpUrl(String server) {
    return gatewayUrl() + "/mcp/" + server;
  }

  public EmbeddedApi api() {
    return api;
  }

  /** A client of the embedded API for the caller (tests, the benchmark); the caller closes it. */
  public KubernetesClient newClient() {
    return api.newClient();
  }

  /** What session pods run: the runner, with its AOT cache once built. */
  public ContainerCommand runnerImage() {
    return runnerImage;
  }

  public ProcessKubelet kubelet() {
    return kubelet;
  }

  public OwnerReferenceCollector collector() {
    return collector;
  }

  public LocalSettings settings() {
    return settings;
  }

  public Path homes() {
    return settings.dataDir().resolve("homes");
  }

  /** Stops the operator, the gateway (draining), every session process, then the API. */
  @Override
  public void close() {
    kubelet.closing();
    try {
      // The operator first: it would otherwise reconcile the gateway's last activity writes
      // while being stopped. Sessions keep running until the kubelet stops them.
      stopOperator();
    } finally {
      try {
        stopGateway();
      } finally {
        collector.close();
        runnerImage.aotCache().ifPresent(RunnerAotCache::close);
        kubelet.close(Duration.ofSeconds(5));
        kubeletClient.close();
        retiredClients.forEach(KubernetesClient::close);
        collectorClient.close();
        api.close();
      }
    }
  }
}
