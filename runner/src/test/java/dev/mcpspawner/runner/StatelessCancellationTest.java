package dev.mcpspawner.runner;

import static dev.mcpspawner.runner.StatelessRequests.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 2026-07-28 client that closes the response stream of a call has cancelled it: the stdio server
 * gets {@code notifications/cancelled} for it (issue 13, item 4).
 */
class StatelessCancellationTest {
  private static Runner runner;
  private static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    String probe = Fixtures.fixtures().resolve("stdio/probe-server.mjs").toString();
    runner = Runner.start(Fixtures.runnerFor(List.of("node", probe)).build());
    raw = new RawMcp(runner, null);
  }

  @AfterAll
  static void stop() {
    runner.close();
  }

  private static String cancelledTags() throws Exception {
    var response =
        raw.post(
            toolCall("tags", "cancelled-tags", Map.of()).toString(),
            "MCP-Protocol-Version",
            StatelessRequests.VERSION);
    return RawMcp.last(response).at("/result/content/0/text").asText();
  }

  /** Sends a call on a connection of its own and hangs up without waiting for the answer. */
  private static void callAndHangUp(String tag, String accept) throws Exception {
    String body = toolCall(tag, "wait-for-cancel", Map.of("tag", tag)).toString();
    try (Socket socket = new Socket("127.0.0.1", runner.port())) {
      RawMcp.writeStatelessPost(socket, body, accept);
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.inFlightRequests() > 0);
    }
  }

  @Test
  void closingTheResponseStreamOfACallCancelsItAtTheServer() throws Exception {
    callAndHangUp("sse-call", "application/json, text/event-stream");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(cancelledTags()).contains("sse-call"));
    assertThat(runner.inFlightRequests()).isZero();
  }

  @Test
  void hangingUpOnAJsonAnswerCancelsTheCallToo() throws Exception {
    callAndHangUp("json-call", "application/json");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(cancelledTags()).contains("json-call"));
  }
}
