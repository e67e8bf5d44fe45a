package dev.mcpspawner.runner;

import static dev.mcpspawner.runner.StatelessRequests.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 2026-07-28 client that closes the response stream of a call has cancelled it: the stdio server
 * gets {@code notifications/cancelled} for it (issue 13, item 4).
 */
class StatelessCancellationTest {
  @RegisterExtension
  static final Fixtures.ClassRunner FIXTURE = new Fixtures.ClassRunner("stdio/probe-server.mjs");

  private static String cancelledTags() throws Exception {
    var response =
        FIXTURE.raw.post(
            toolCall("tags", "cancelled-tags", Map.of()).toString(),
            "MCP-Protocol-Version",
            StatelessRequests.VERSION);
    return RawMcp.last(response).at("/result/content/0/text").asText();
  }

  /** Sends a call on a connection of its own and hangs up without waiting for the answer. */
  private static void callAndHangUp(String tag, String accept) throws Exception {
    String body = toolCall(tag, "wait-for-cancel", Map.of("tag", tag)).toString();
    try (Socket socket = new Socket("127.0.0.1", FIXTURE.runner.port())) {
      RawMcp.writeStatelessPost(socket, body, accept);
      await().atMost(Duration.ofSeconds(10)).until(() -> FIXTURE.runner.inFlightRequests() > 0);
    }
  }

  /**
   * Waits until the server has been sent {@code notifications/cancelled} for the call {@code tag}.
   */
  private static void awaitCancelledAtServer(String tag) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(cancelledTags()).contains(tag));
  }

  @Test
  void closingTheResponseStreamOfACallCancelsItAtTheServer() throws Exception {
    callAndHangUp("sse-call", "application/json, text/event-stream");
    awaitCancelledAtServer("sse-call");
    assertThat(FIXTURE.runner.inFlightRequests()).isZero();
  }

  @Test
  void hangingUpOnAJsonAnswerCancelsTheCallToo() throws Exception {
    callAndHangUp("json-call", "application/json");
    awaitCancelledAtServer("json-call");
  }
}
