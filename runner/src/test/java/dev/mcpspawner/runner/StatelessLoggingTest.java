package dev.mcpspawner.runner;

import static dev.mcpspawner.runner.StatelessRequests.toolCall;
import static dev.mcpspawner.runner.StatelessRequests.withLogLevel;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 2026-07-28 request chooses its own log level in _meta: without one it gets no log messages,
 * with one only those at or above it (issue 13, item 5).
 */
class StatelessLoggingTest {
  @RegisterExtension
  static final Fixtures.ClassRunner FIXTURE = new Fixtures.ClassRunner("stdio/probe-server.mjs");

  private static List<JsonNode> call(ObjectNode request) throws Exception {
    var response =
        FIXTURE.raw.post(request.toString(), "MCP-Protocol-Version", StatelessRequests.VERSION);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> messages = RawMcp.messages(response);
    assertThat(messages.get(messages.size() - 1).at("/result/content/0/text").asText())
        .isEqualTo("logged");
    return messages;
  }

  private static List<String> logLevels(List<JsonNode> messages) {
    return messages.stream()
        .filter(m -> "notifications/message".equals(m.path("method").asText()))
        .map(m -> m.at("/params/level").asText())
        .toList();
  }

  @Test
  void aRequestThatAskedForNoLogLevelGetsNoLogMessages() throws Exception {
    assertThat(logLevels(call(toolCall(1, "log-every-level", Map.of())))).isEmpty();
  }

  @Test
  void aRequestGetsOnlyTheLogMessagesAtOrAboveTheLevelItAskedFor() throws Exception {
    assertThat(logLevels(call(withLogLevel(toolCall(2, "log-every-level", Map.of()), "error"))))
        .containsExactly("error", "critical", "alert", "emergency");
  }

  @Test
  void aRequestAskingForDebugGetsEveryLevel() throws Exception {
    assertThat(logLevels(call(withLogLevel(toolCall(3, "log-every-level", Map.of()), "debug"))))
        .hasSize(8);
  }

  @Test
  void anUnknownLogLevelIsInvalidParams() throws Exception {
    var response =
        FIXTURE.raw.post(
            withLogLevel(toolCall(4, "log-every-level", Map.of()), "loud").toString(),
            "MCP-Protocol-Version",
            StatelessRequests.VERSION);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(RawMcp.last(response).at("/error/code").asInt()).isEqualTo(-32602);
  }
}
