package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpspawner.oauth.client.AddressPolicy;
import dev.mcpspawner.oauth.client.SafeFetcher;
import dev.mcpspawner.oauth.testing.TestAuthServer;
import dev.mcpspawner.oauth.testing.TestTls;
import dev.mcpspawner.oauth.testing.TestingApi;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official TypeScript SDK client signs in against the built-in server and calls a protected MCP
 * endpoint: once registering through a Client ID Metadata Document, once through dynamic
 * registration. The script is {@code fixtures/oauth-client/flow.mjs}.
 */
class SdkClientFlowTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path FIXTURE =
      Path.of(System.getProperty("oauth.client.dir", "../fixtures/oauth-client"));
  static TestingApi api;
  static TestAuthServer server;
  static HttpsServer metadataHost;
  static String clientMetadataUrl;

  @BeforeAll
  static void start() {
    api = new TestingApi();
    // The client's metadata document, over https on loopback (allowed by the test setting).
    metadataHost =
        TestTls.get()
            .serve(
                InetAddress.getLoopbackAddress(),
                ex -> {
                  byte[] doc =
                      """
                      {"client_id":"%s","client_name":"SDK flow test (metadata document)",
                       "redirect_uris":["http://127.0.0.1:9/callback"],
                       "grant_types":["authorization_code","refresh_token"],
                       "token_endpoint_auth_method":"none"}"""
                          .formatted(clientMetadataUrl)
                          .getBytes(StandardCharsets.UTF_8);
                  ex.getResponseHeaders().set("Content-Type", "application/json");
                  ex.sendResponseHeaders(200, doc.length);
                  try (OutputStream out = ex.getResponseBody()) {
                    out.write(doc);
                  }
                });
    clientMetadataUrl =
        "https://localhost:" + metadataHost.getAddress().getPort() + "/oauth/client.json";
    SafeFetcher fetcher =
        new SafeFetcher(
            InetAddress::getAllByName,
            AddressPolicy.publicOrLoopback(),
            TestTls.get().trustingSocketFactory(),
            16 * 1024,
            Duration.ofSeconds(5),
            3);
    server = new TestAuthServer(api.client(), null, fetcher, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    metadataHost.stop(0);
    api.close();
  }

  @Test
  void theSdkClientSignsInWithAClientIdMetadataDocument() throws Exception {
    JsonNode report = runFlow(clientMetadataUrl, "SDK flow test (metadata document)");
    assertThat(report.get("clientId").asText()).isEqualTo(clientMetadataUrl);
    assertCompleteFlow(report);
  }

  @Test
  void theSdkClientSignsInWithDynamicRegistration() throws Exception {
    JsonNode report = runFlow(null, "SDK flow test (dynamic registration)");
    assertThat(report.get("clientId").asText()).matches("[0-9a-f]{40}");
    assertCompleteFlow(report);
  }

  static void assertCompleteFlow(JsonNode r) {
    String echo = server.url() + "/mcp/echo";
    assertThat(r.at("/unauthenticated/status").asInt()).isEqualTo(401);
    assertThat(r.at("/unauthenticated/wwwAuthenticate").asText())
        .contains(
            "resource_metadata=\""
                + server.url()
                + "/.well-known/oauth-protected-resource/mcp/echo\"");
    assertThat(r.at("/authorizeParams/code_challenge_method").asText()).isEqualTo("S256");
    assertThat(r.at("/authorizeParams/resource").asText()).isEqualTo(echo);
    assertThat(r.get("consentNamesClient").asBoolean()).isTrue();
    assertThat(r.get("issInRedirect").asText()).isEqualTo(server.url());
    assertThat(r.get("firstCall").asText())
        .contains("hello", "user=alice", "client=" + r.get("clientId").asText(), "aud=" + echo);
    assertThat(r.get("refresh").asText()).isEqualTo("AUTHORIZED");
    assertThat(r.get("refreshRotated").asBoolean()).isTrue();
    assertThat(r.get("accessChanged").asBoolean()).isTrue();
    assertThat(r.get("afterRefreshCall").asText()).contains("user=alice");
    assertThat(r.get("revokeStatus").asInt()).isEqualTo(200);
    assertThat(r.get("afterRevokeStatus").asInt()).isEqualTo(401);
  }

  static JsonNode runFlow(String metadataUrl, String clientName) throws Exception {
    assumeTrue(
        Files.isDirectory(FIXTURE.resolve("node_modules/@modelcontextprotocol/sdk")),
        "fixtures/oauth-client is not installed (npm ci there; the build does it when npm exists)");
    ObjectNode config =
        JSON.createObjectNode()
            .put("serverUrl", server.url() + "/mcp/echo")
            .put("username", "alice")
            .put("password", TestAuthServer.PASSWORD)
            .put("expectClientName", clientName);
    if (metadataUrl != null) {
      config.put("clientMetadataUrl", metadataUrl);
    }
    Path out = Files.createTempFile("oauth-flow", ".out");
    Process p =
        new ProcessBuilder("node", "flow.mjs", config.toString())
            .directory(FIXTURE.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("flow.mjs did not finish: " + Files.readString(out));
    }
    String output = Files.readString(out);
    assertThat(p.exitValue()).as(output).isZero();
    String last = output.strip().lines().reduce((a, b) -> b).orElseThrow();
    return JSON.readTree(last);
  }
}
