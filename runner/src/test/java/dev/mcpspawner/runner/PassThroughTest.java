package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stdio server that speaks 2026-07-28 itself (the official v2 server SDK's {@code serveStdio},
 * {@code fixtures/conformance-server/native-server.mjs}) behind the runner: what the runner, as its
 * HTTP layer, still owes the client — the HTTP status its errors carry, its listen streams, and the
 * closed stream that cancels a call ({@code basic/transports/streamable-http.mdx}).
 */
class PassThroughTest {
  @RegisterExtension
  static final Fixtures.ClassRunner FIXTURE =
      new Fixtures.ClassRunner("conformance-server/native-server.mjs");

  private static HttpResponse<String> post(ObjectNode request) throws Exception {
    return FIXTURE.raw.post(request.toString(), "MCP-Protocol-Version", StatelessRequests.VERSION);
  }

  private static String call(String tool) throws Exception {
    return RawMcp.last(post(StatelessRequests.toolCall(tool, tool, Map.of())))
        .at("/result/content/0/text")
        .asText();
  }

  @Test
  void aMethodTheServerDoesNotHaveIs404() throws Exception {
    HttpResponse<String> response = post(StatelessRequests.request("p", "prompts/list", Map.of()));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(RawMcp.last(response).at("/error/code").asInt()).isEqualTo(-32601);
  }

  @Test
  void aListenStreamGetsTheServersNotificationsNamedByTheClientsId() throws Exception {
    ObjectNode listen =
        StatelessRequests.request(
            "my-listen", "subscriptions/listen", Map.of("notifications", Map.of()));
    try (StreamingCall stream = StreamingCall.start(FIXTURE.runner.mcpUri(), listen.toString())) {
      JsonNode first = stream.next();
      assertThat(first.path("method").asText())
          .isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(first.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText())
          .isEqualTo("my-listen");
    }
  }

  @Test
  void closingTheResponseStreamCancelsTheCallAtTheServer() throws Exception {
    ObjectNode wait =
        StatelessRequests.toolCall("w", "test_wait_for_cancel", Map.of("tag", "hung-up"));
    try (Socket socket = new Socket("127.0.0.1", FIXTURE.runner.port())) {
      RawMcp.writeStatelessPost(socket, wait.toString(), "application/json, text/event-stream");
      await().atMost(Duration.ofSeconds(10)).until(() -> FIXTURE.runner.inFlightRequests() > 0);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(call("test_cancelled")).contains("hung-up"));
  }
}
