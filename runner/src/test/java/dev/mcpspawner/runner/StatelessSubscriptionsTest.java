package dev.mcpspawner.runner;

import static dev.mcpspawner.runner.StatelessRequests.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code subscriptions/listen} bridged to the stdio server's list_changed and resources/updated
 * notifications (issue 13, item 6).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StatelessSubscriptionsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private Runner runner;
  private RawMcp raw;

  @BeforeEach
  void start() throws Exception {
    String probe = Fixtures.fixtures().resolve("stdio/probe-server.mjs").toString();
    runner = Runner.start(Fixtures.runnerFor(List.of("node", probe)).build());
    raw = new RawMcp(runner, null);
  }

  @AfterEach
  void stop() {
    runner.close();
  }

  private StreamingCall listen(String id, Map<String, Object> filter) throws Exception {
    ObjectNode request =
        StatelessRequests.request(id, "subscriptions/listen", Map.of("notifications", filter));
    return StreamingCall.start(runner.mcpUri(), request.toString());
  }

  private String call(String tool, Map<String, Object> arguments) throws Exception {
    var response =
        raw.post(
            toolCall(tool, tool, arguments).toString(),
            "MCP-Protocol-Version",
            StatelessRequests.VERSION);
    return RawMcp.last(response).at("/result/content/0/text").asText();
  }

  private static String subscriptionId(JsonNode message) {
    return message.at("/params/_meta/io.modelcontextprotocol~1subscriptionId").asText();
  }

  @Test
  void aListenStreamIsAcknowledgedFirstAndGetsOnlyTheChangesItAskedFor() throws Exception {
    try (StreamingCall stream =
        listen(
            "listen-1",
            Map.of(
                "toolsListChanged", true,
                "promptsListChanged", true,
                "resourceSubscriptions", List.of("probe://a")))) {
      JsonNode ack = stream.next();
      assertThat(ack.path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(subscriptionId(ack)).isEqualTo("listen-1");
      // The probe server has no prompts: that part of the filter is not agreed to.
      assertThat(ack.at("/params/notifications").toString())
          .isEqualTo("{\"toolsListChanged\":true,\"resourceSubscriptions\":[\"probe://a\"]}");

      call("change", Map.of("what", "tools"));
      JsonNode tools = stream.next();
      assertThat(tools.path("method").asText()).isEqualTo("notifications/tools/list_changed");
      assertThat(subscriptionId(tools)).isEqualTo("listen-1");

      // Neither a resource it did not subscribe to nor a list it did not ask for comes through.
      call("change", Map.of("what", "resources"));
      call("touch", Map.of("uri", "probe://b"));
      call("touch", Map.of("uri", "probe://a"));
      JsonNode updated = stream.next();
      assertThat(updated.path("method").asText()).isEqualTo("notifications/resources/updated");
      assertThat(updated.at("/params/uri").asText()).isEqualTo("probe://a");
      assertThat(subscriptionId(updated)).isEqualTo("listen-1");
    }
  }

  @Test
  void closingTheListenStreamUnsubscribesAtTheServer() throws Exception {
    StreamingCall first = listen("l1", Map.of("resourceSubscriptions", List.of("probe://x")));
    first.next();
    try (StreamingCall second =
        listen("l2", Map.of("resourceSubscriptions", List.of("probe://x", "probe://y")))) {
      second.next();
      assertThat(call("subscribed", Map.of())).isEqualTo("[\"probe://x\",\"probe://y\"]");
      first.close();
      await().atMost(WAIT).until(() -> runner.openSubscriptions() == 1);
      // probe://x is still wanted by the second stream.
      assertThat(call("subscribed", Map.of())).isEqualTo("[\"probe://x\",\"probe://y\"]");
    }
    await().atMost(WAIT).until(() -> call("subscribed", Map.of()).equals("[]"));
    assertThat(runner.openSubscriptions()).isZero();
  }

  @Test
  void cancellingTheListenRequestEndsTheSubscription() throws Exception {
    try (StreamingCall stream = listen("l", Map.of("toolsListChanged", true))) {
      stream.next();
      var accepted =
          raw.post(
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"l\"}}",
              "MCP-Protocol-Version",
              StatelessRequests.VERSION);
      assertThat(accepted.statusCode()).isEqualTo(202);
      assertThat(stream.next()).isNull();
      assertThat(runner.openSubscriptions()).isZero();
    }
  }

  @Test
  void theServerGoingAwayEndsTheSubscriptionWithItsEmptyResult() throws Exception {
    try (StreamingCall stream = listen("l", Map.of("toolsListChanged", true))) {
      stream.next();
      Thread.ofVirtual().start(runner::close);
      JsonNode last = stream.last();
      assertThat(last.path("id").asText()).isEqualTo("l");
      assertThat(last.at("/result/resultType").asText()).isEqualTo("complete");
      assertThat(last.at("/result/_meta/io.modelcontextprotocol~1subscriptionId").asText())
          .isEqualTo("l");
    }
  }

  @Test
  void aListenRequestWithoutAFilterIsInvalidParams() throws Exception {
    for (Map<String, Object> params :
        List.<Map<String, Object>>of(
            Map.of(),
            Map.of("notifications", "all"),
            Map.of("notifications", Map.of("toolsListChanged", "yes")),
            Map.of("notifications", Map.of("resourceSubscriptions", "probe://a")))) {
      ObjectNode request = StatelessRequests.request("bad", "subscriptions/listen", params);
      var response =
          raw.post(request.toString(), "MCP-Protocol-Version", StatelessRequests.VERSION);
      assertThat(RawMcp.last(response).at("/error/code").asInt())
          .as(params.toString())
          .isEqualTo(-32602);
    }
    assertThat(runner.openSubscriptions()).isZero();
  }

  @Test
  void aFilterOfWhichNothingCanComeIsAcknowledgedAndEndedAtOnce() throws Exception {
    // The probe server has no prompts, so nothing asked for here can ever be sent.
    try (StreamingCall stream = listen("nothing", Map.of("promptsListChanged", true))) {
      JsonNode ack = stream.next();
      assertThat(ack.path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
      assertThat(ack.at("/params/notifications").toString()).isEqualTo("{}");
      JsonNode end = stream.next();
      assertThat(end.path("id").asText()).isEqualTo("nothing");
      assertThat(end.at("/result/resultType").asText()).isEqualTo("complete");
      assertThat(end.at("/result/_meta/io.modelcontextprotocol~1subscriptionId").asText())
          .isEqualTo("nothing");
      assertThat(end.at("/result/_meta/io.modelcontextprotocol~1serverInfo/name").asText())
          .isEqualTo("probe");
      assertThat(stream.next()).isNull();
    }
    assertThat(runner.openSubscriptions()).isZero();
  }

  @Test
  void aUriListedTwiceIsStillUnsubscribedWhenTheStreamCloses() throws Exception {
    try (StreamingCall stream =
        listen("twice", Map.of("resourceSubscriptions", List.of("probe://t", "probe://t")))) {
      JsonNode ack = stream.next();
      assertThat(ack.at("/params/notifications/resourceSubscriptions").toString())
          .isEqualTo("[\"probe://t\"]");
      assertThat(call("subscribed", Map.of())).isEqualTo("[\"probe://t\"]");
    }
    await().atMost(WAIT).until(() -> call("subscribed", Map.of()).equals("[]"));
  }

  @Test
  void aListenRequestThatCannotTakeEventsIsRefusedRatherThanLeftHanging() throws Exception {
    ObjectNode request =
        StatelessRequests.request(
            "json-only",
            "subscriptions/listen",
            Map.of("notifications", Map.of("toolsListChanged", true)));
    var response =
        raw.post(
            request.toString(),
            "Accept",
            "application/json",
            "MCP-Protocol-Version",
            StatelessRequests.VERSION);
    assertThat(RawMcp.last(response).at("/error/code").asInt()).isEqualTo(-32600);
    assertThat(runner.openSubscriptions()).isZero();
  }
}
