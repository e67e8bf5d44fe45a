package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.gateway.testing.AuditLines;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.gateway.testing.TestingOperator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Old clients on the deprecated HTTP+SSE transport (2024-11-05). */
class LegacySseTest {

  @RegisterExtension static final TestingGateway gateway = new TestingGateway();

  @Test
  void sdkSseClientGetsASessionOfItsOwnAndItEndsWithTheStream() {
    var transport = alicesSseTransport("echo");
    String session;
    try (McpSyncClient client =
        McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
      client.initialize();
      McpSchema.CallToolResult result =
          client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "old")));
      String text = ((McpSchema.TextContent) result.content().get(0)).text();
      assertThat(text).startsWith("echo:mcp-").endsWith(":old");
      session = text.split(":")[1];
      assertThat(gateway.cluster().session(session).getSpec().getUser())
          .isEqualTo(TestingKeys.ALICE_ID);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> gateway.cluster().session(session) == null);
  }

  /**
   * A tools/call on the old transport counts as one on Streamable HTTP: in the server's {@code
   * status.usage} (what the admin API's usage reads) and as a {@code tool_call} audit line with
   * transport {@code sse}, without the arguments.
   */
  @Test
  void toolCallsOnTheOldTransportCountInTheServersUsage() {
    gateway.app().flushUsage();
    long before = echoCalls();
    var transport = alicesSseTransport("echo");
    try (AuditLines audit = new AuditLines();
        McpSyncClient client =
            McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build()) {
      client.initialize();
      for (int i = 0; i < 2; i++) {
        client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "secret-arg-" + i)));
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                gateway.app().flushUsage();
                return echoCalls() == before + 2;
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> audit.of("tool_call").size() == 2);
      List<JsonNode> calls = audit.of("tool_call", TestingKeys.ALICE_ID);
      assertThat(calls)
          .hasSize(2)
          .allSatisfy(
              e -> {
                assertThat(e.path("transport").asText()).isEqualTo("sse");
                assertThat(e.path("server").asText()).isEqualTo("echo");
                assertThat(e.path("tool").asText()).isEqualTo("echo");
                assertThat(e.path("outcome").asText()).isEqualTo("200");
                assertThat(e.path("session").asText()).startsWith("mcp-");
              });
      assertThat(audit.all().toString()).doesNotContain("secret-arg");
    }
  }

  /** Tool calls in the echo server's status.usage, summed. */
  private static long echoCalls() {
    var server =
        gateway
            .cluster()
            .client()
            .resources(dev.mcpspawner.crds.McpServer.class)
            .inNamespace(TestingCluster.NAMESPACE)
            .withName("echo")
            .get();
    if (server.getStatus() == null || server.getStatus().getUsage() == null) {
      return 0;
    }
    return server.getStatus().getUsage().stream()
        .mapToLong(b -> b.getToolCalls() == null ? 0 : b.getToolCalls())
        .sum();
  }

  /**
   * Both ways on one stream: the server's own requests (sampling) reach the SSE client and its
   * answer posted to /messages reaches the server; its unsolicited log messages arrive too.
   */
  @Test
  void serverRequestsAndLogMessagesReachTheSseClientAndItsAnswersReachTheServer() {
    var transport = alicesSseTransport(TestingOperator.EVERYTHING);
    List<McpSchema.LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
    try (McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(30))
            .capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
            .sampling(
                request ->
                    McpSchema.CreateMessageResult.builder()
                        .content(new McpSchema.TextContent("sampled over the old transport"))
                        .model("test-model")
                        .build())
            .loggingConsumer(logs::add)
            .build()) {
      client.initialize();
      McpSchema.CallToolResult sampled =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "trigger-sampling-request", Map.of("prompt", "hello", "maxTokens", 10)));
      assertThat(sampled.content().toString()).contains("sampled over the old transport");

      client.callTool(new McpSchema.CallToolRequest("toggle-simulated-logging", Map.of()));
      // The first comes with the call; the next, unasked, on the server's own stream.
      await().atMost(Duration.ofSeconds(20)).until(() -> logs.size() >= 2);
    }
  }

  @Test
  void anotherUserCannotPostToTheStream() throws Exception {
    McpHttp http = gateway.http();
    HttpResponse<InputStream> stream = openStream(http, TestingKeys.ALICE);
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      String endpoint = McpHttp.nextData(events).substring("data: ".length());
      assertThat(endpoint).startsWith("/echo/messages?sessionId=mcp-");
      assertOnlyAliceReachesTheStream(http, endpoint, events);
    }
  }

  /**
   * Two replicas, no affinity: the stream is opened on one, the messages are posted to the other,
   * which checks the caller and hands them on; the answers arrive on the stream. Another user's
   * post is refused on the replica it reaches.
   */
  @Test
  void aMessagePostedToAnotherReplicaReachesTheStream() throws Exception {
    GatewayConfig config =
        TestingGateway.baseConfig(0)
            .peerHost("127.0.0.1")
            .streamHeartbeat(Duration.ofMillis(200))
            .build();
    try (GatewayApp holder =
            new GatewayApp(gateway.cluster().gatewayClient(), config, TestingKeys.authenticator())
                .start();
        GatewayApp other =
            new GatewayApp(gateway.cluster().gatewayClient(), config, TestingKeys.authenticator())
                .start()) {
      McpHttp toHolder = new McpHttp(holder.port());
      McpHttp toOther = new McpHttp(other.port());
      HttpResponse<InputStream> stream = openStream(toHolder, TestingKeys.ALICE);
      assertThat(stream.statusCode()).isEqualTo(200);
      try (BufferedReader events =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String endpoint = McpHttp.nextData(events).substring("data: ".length());
        String session = endpoint.substring(endpoint.indexOf("sessionId=") + "sessionId=".length());
        assertThat(gateway.cluster().session(session).getMetadata().getAnnotations())
            .containsEntry(
                dev.mcpspawner.crds.McpSpawner.ANNOTATION_LEGACY_STREAM,
                "http://127.0.0.1:" + holder.port());

        assertOnlyAliceReachesTheStream(toOther, endpoint, events);
      }
    }
  }

  /** Bob's post to Alice's stream is not found; Alice's is accepted and answered on the stream. */
  private static void assertOnlyAliceReachesTheStream(
      McpHttp http, String endpoint, BufferedReader events) throws Exception {
    assertThat(postMessage(http, endpoint, TestingKeys.BOB).statusCode()).isEqualTo(404);
    assertThat(postMessage(http, endpoint, TestingKeys.ALICE).statusCode()).isEqualTo(202);
    // The server's own messages share the stream: the answer is the first with an id.
    String data = McpHttp.nextData(events);
    while (!data.contains("\"id\"")) {
      data = McpHttp.nextData(events);
    }
    assertThat(data).contains("\"serverInfo\"");
  }

  private static HttpResponse<InputStream> openStream(McpHttp http, String key) throws Exception {
    return http.stream(
        http.request("/echo/sse", "Authorization", "Bearer " + key, "Accept", "text/event-stream")
            .GET()
            .build());
  }

  private static HttpResponse<String> postMessage(McpHttp http, String endpoint, String key)
      throws Exception {
    return http.send(
        http.request(endpoint, "Authorization", "Bearer " + key, "Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(McpHttp.initialize("2024-11-05")))
            .build());
  }

  /** The MCP SDK's old-transport client for alice, on {@code /<server>/sse} of the gateway. */
  static HttpClientSseClientTransport alicesSseTransport(String server) {
    return HttpClientSseClientTransport.builder("http://127.0.0.1:" + gateway.port())
        .sseEndpoint("/" + server + "/sse")
        .requestBuilder(
            HttpRequest.newBuilder().header("Authorization", "Bearer " + TestingKeys.ALICE))
        .build();
  }
}
