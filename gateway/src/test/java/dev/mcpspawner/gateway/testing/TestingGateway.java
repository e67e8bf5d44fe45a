package dev.mcpspawner.gateway.testing;

import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.GatewayConfig;
import dev.mcpspawner.gateway.auth.OAuthAuthenticator;
import dev.mcpspawner.oauth.BuiltinAuthorizationServer;
import dev.mcpspawner.oauth.OAuthSettings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestingCluster} and a gateway in front of it for one test class, as a JUnit extension:
 * {@code @RegisterExtension static final TestingGateway gateway = new TestingGateway();}. The
 * gateway has the test configuration ({@link #config()}) and the API keys of {@link TestingKeys}.
 */
public final class TestingGateway implements BeforeAllCallback, AfterAllCallback {
  private final Consumer<TestingCluster> beforeStart;
  private TestingCluster cluster;
  private GatewayApp app;
  private McpHttp http;

  public TestingGateway() {
    this(cluster -> {});
  }

  /** {@code beforeStart} adds to the catalog (or the API) before the gateway starts. */
  public TestingGateway(Consumer<TestingCluster> beforeStart) {
    this.beforeStart = beforeStart;
  }

  /**
   * The gateway configuration of the tests: loopback, any port, an allowed origin, an admin group,
   * a short heartbeat, and no user limits (the limit tests set their own).
   */
  public static GatewayConfig config() {
    return baseConfig(0)
        .allowedOrigins(Set.of("https://claude.ai"))
        .adminGroups(Set.of("mcp-admins"))
        .streamHeartbeat(Duration.ofMillis(200))
        .userDefaults(UserDefaults.NO_LIMITS)
        .build();
  }

  /**
   * What every test gateway shares: the tests' namespace, loopback on {@code port} (0: any), and
   * time enough to start a session; the rest as each test needs.
   */
  public static GatewayConfig.Builder baseConfig(int port) {
    return GatewayConfig.defaults(TestingCluster.NAMESPACE).toBuilder()
        .host("127.0.0.1")
        .port(port)
        .spawnTimeout(Duration.ofSeconds(20));
  }

  /** Starts a gateway with {@link #config()} on the cluster; the caller closes it. */
  public static GatewayApp start(TestingCluster cluster) {
    return new GatewayApp(cluster.gatewayClient(), config(), TestingKeys.authenticator()).start();
  }

  /**
   * Starts a gateway on {@code port} whose public URL is its own and whose sign-in is {@code
   * authorizationServer}: its tokens, then the API keys of {@link TestingKeys}; the caller closes
   * it.
   */
  public static GatewayApp startWithSignIn(
      TestingCluster cluster, int port, BuiltinAuthorizationServer authorizationServer) {
    return new GatewayApp(
            cluster.gatewayClient(),
            baseConfig(port).publicUrl("http://127.0.0.1:" + port).build(),
            new OAuthAuthenticator(
                authorizationServer.verifier(null),
                OAuthSettings.SCOPE_MCP,
                TestingKeys.authenticator()),
            authorizationServer::register)
        .start();
  }

  /** An MCP Java SDK client for {@code server} through the gateway on {@code port}. */
  public static McpSyncClient sdkClient(int port, String server, String key) {
    var transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
            .endpoint("/mcp/" + server)
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
            .build();
    return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = new TestingCluster();
    beforeStart.accept(cluster);
    app = start(cluster);
    http = new McpHttp(app.port());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (app != null) {
      app.close();
    }
    cluster.close();
  }

  public TestingCluster cluster() {
    return cluster;
  }

  public GatewayApp app() {
    return app;
  }

  public int port() {
    return app.port();
  }

  /** A raw HTTP client for this gateway. */
  public McpHttp http() {
    return http;
  }

  /** An MCP Java SDK client for {@code server} through this gateway. */
  public McpSyncClient sdkClient(String server, String key) {
    return sdkClient(app.port(), server, key);
  }
}
