package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.call;
import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.oauth.BuiltinAuthorizationServer;
import dev.mcpspawner.oauth.OAuthSettings;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.UserIdentity;
import dev.mcpspawner.oauth.server.TokenIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with the built-in authorization server mounted: its tokens open MCP sessions, tokens
 * for any other audience do not, and every refusal tells the client where to sign in.
 */
class OAuthSignInTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final UserIdentity DANA =
      new UserIdentity("dana@example.com", "Dana", "dana@example.com", List.of("engineering"));
  static TestingCluster cluster;
  static BuiltinAuthorizationServer authorizationServer;
  static GatewayApp app;
  static McpHttp http;
  static TokenIssuer tokens;
  static String url;

  @BeforeAll
  static void start() {
    cluster = new TestingCluster();
    int port = freePort();
    url = "http://127.0.0.1:" + port;
    authorizationServer =
        new BuiltinAuthorizationServer(
                cluster.client(),
                "mcp-gateway",
                OAuthSettings.defaults(url),
                new LocalUsers(List.of()),
                null,
                null,
                Clock.systemUTC())
            .start();
    app = TestingGateway.startWithSignIn(cluster, port, authorizationServer);
    http = new McpHttp(app.port());
    // Tokens exactly as /oauth/token mints them: same issuer, same keys (the Secret).
    tokens =
        new TokenIssuer(url, authorizationServer.keys(), Clock.systemUTC(), Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    app.close();
    authorizationServer.close();
    cluster.close();
  }

  @Test
  void aTokenFromTheAuthorizationServerReachesAnMcpSession() {
    String token = tokens.mint(DANA, "claude-desktop", "mcp", url + "/mcp/echo", null);
    HttpResponse<String> r = http.post("echo", token, initialize("2025-06-18"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(cluster.sessions())
        .extracting(McpSession::getSpec)
        .anySatisfy(spec -> assertThat(spec.getUser()).isEqualTo("dana@example.com"));
    assertThat(id).isNotBlank();
  }

  @Test
  void twoOAuthClientsOfOneUserGetSeparateStatelessSandboxes() {
    String web =
        statelessEcho(tokens.mint(DANA, "https://claude.ai/oauth/mcp.json", "mcp", url, null));
    String desktop = statelessEcho(tokens.mint(DANA, "0f3c9a7d1e", "mcp", url, null));
    assertThat(web).isNotEqualTo(desktop);
    assertThat(web)
        .isEqualTo(
            Names.statelessSessionName(
                "dana@example.com", "echo", "https://claude.ai/oauth/mcp.json"));
    // The stand-in runner only answers its own per-session bearer secret: the client's access
    // token was not passed on.
  }

  static String statelessEcho(String token) {
    HttpResponse<String> r = http.postStatelessCall("echo", token, 1, "echo", "{\"text\":\"hi\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body().replaceAll(".*\"echo:([^:]+):hi\".*", "$1");
  }

  @Test
  void aTokenForAnotherAudienceIsRefusedWithAPointerToTheMetadata() {
    for (String audience : List.of("https://elsewhere.example/mcp", url + "/mcp/other")) {
      String token = tokens.mint(DANA, "claude-desktop", "mcp", audience, null);
      HttpResponse<String> r = http.post("echo", token, initialize("2025-06-18"));
      assertThat(r.statusCode()).as(audience).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .isEqualTo(
              "Bearer resource_metadata=\""
                  + url
                  + "/.well-known/oauth-protected-resource/mcp/echo\", error=\"invalid_token\"");
    }
  }

  @Test
  void aTokenForOneServerDoesNotOpenAnotherServersLegacyStreamOrPostToIt() throws IOException {
    String echoToken = tokens.mint(DANA, "claude-desktop", "mcp", url + "/mcp/echo", null);
    int sessionsBefore = cluster.sessions().size();
    HttpResponse<InputStream> stream =
        http.stream(
            http.request(
                    "/other/sse",
                    "Authorization",
                    "Bearer " + echoToken,
                    "Accept",
                    "text/event-stream")
                .GET()
                .build());
    stream.body().close(); // an opened stream (the old behaviour) would never end by itself
    assertThat(stream.statusCode()).isEqualTo(401);
    assertThat(stream.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("oauth-protected-resource/mcp/other", "error=\"invalid_token\"");
    HttpResponse<String> post =
        http.send(
            http.request(
                    "/other/messages?sessionId=mcp-0000000000000000000000",
                    "Authorization",
                    "Bearer " + echoToken,
                    "Content-Type",
                    "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call(2, "echo", "{\"text\":\"x\"}")))
                .build());
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(cluster.sessions()).hasSize(sessionsBefore);
  }

  @Test
  void theSessionApiTakesOnlyATokenForTheGatewayItself() {
    String echoToken = tokens.mint(DANA, "claude-desktop", "mcp", url + "/mcp/echo", null);
    HttpResponse<String> refused =
        http.send(http.request("/sessions", "Authorization", "Bearer " + echoToken).GET().build());
    assertThat(refused.statusCode()).isEqualTo(401);
    String gatewayToken = tokens.mint(DANA, "claude-desktop", "mcp", url, null);
    HttpResponse<String> listed =
        http.send(
            http.request("/sessions", "Authorization", "Bearer " + gatewayToken).GET().build());
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
  }

  @Test
  void aTokenWithoutTheMcpScopeIsForbidden() {
    String token = tokens.mint(DANA, "claude-desktop", "offline_access", url + "/mcp/echo", null);
    HttpResponse<String> r = http.post("echo", token, initialize("2025-06-18"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"", "scope=\"mcp\"");
  }

  @Test
  void withoutATokenClientsAreSentToTheMetadataAndTheAuthorizationServer() throws Exception {
    HttpResponse<String> r = http.post("echo", null, initialize("2025-06-18"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .isEqualTo(
            "Bearer resource_metadata=\""
                + url
                + "/.well-known/oauth-protected-resource/mcp/echo\"");
    JsonNode prm =
        JSON.readTree(
            http.send(http.request("/.well-known/oauth-protected-resource/mcp/echo").GET().build())
                .body());
    assertThat(prm.get("resource").asText()).isEqualTo(url + "/mcp/echo");
    assertThat(prm.get("authorization_servers").get(0).asText()).isEqualTo(url);
    HttpResponse<String> as =
        http.send(http.request("/.well-known/oauth-authorization-server").GET().build());
    assertThat(JSON.readTree(as.body()).get("token_endpoint").asText())
        .isEqualTo(url + "/oauth/token");
  }

  @Test
  void apiKeysKeepWorkingBesideOAuth() {
    HttpResponse<String> r = http.post("echo", TestingKeys.ALICE, initialize("2025-06-18"));
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void theLoginPageIsServedByTheGateway() {
    HttpResponse<String> r =
        http.send(http.request("/oauth/authorize?client_id=nobody").GET().build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("Unknown application");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'");
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
