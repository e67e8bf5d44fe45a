package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stateless (2026-07-28) client in front of the stateful everything server: no initialize, no
 * session, per-request _meta, and server→client requests as {@code input_required} round trips.
 */
class StatelessClientTest {
  private static final String VERSION = "2026-07-28";
  private static Runner runner;
  private static RawMcp raw;

  @BeforeAll
  static void start() throws Exception {
    runner = Runner.start(Fixtures.runnerFor(Fixtures.everythingServer()).build());
    raw = new RawMcp(runner, null);
  }

  @AfterAll
  static void stop() {
    runner.close();
  }

  private static ObjectNode request(Object id, String method, Map<String, Object> params) {
    return StatelessRequests.request(id, method, params);
  }

  private static JsonNode send(ObjectNode request) throws Exception {
    return send(request, VERSION, 200);
  }

  private static JsonNode send(ObjectNode request, String version, int status) throws Exception {
    var response = raw.post(request.toString(), "MCP-Protocol-Version", version);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
    return RawMcp.last(response);
  }

  @Test
  void discoverDescribesTheStdioServerWithoutAHandshake() throws Exception {
    JsonNode answer = send(request("d", "server/discover", Map.of()));
    assertThat(answer.at("/result/resultType").asText()).isEqualTo("complete");
    assertThat(answer.at("/result/supportedVersions").toString()).contains(VERSION);
    assertThat(answer.at("/result/_meta/io.modelcontextprotocol~1serverInfo/name").asText())
        .isEqualTo("mcp-servers/everything");
    assertThat(answer.at("/result").has("serverInfo")).isFalse();
    assertThat(answer.at("/result/capabilities/tools").isObject()).isTrue();
  }

  @Test
  void discoverPassesOnTheChangeNotificationsAndSubscriptionsListenDelivers() throws Exception {
    JsonNode capabilities =
        send(request("d", "server/discover", Map.of())).at("/result/capabilities");
    for (String feature : new String[] {"tools", "prompts", "resources"}) {
      assertThat(capabilities.path(feature).path("listChanged").asBoolean()).as(feature).isTrue();
    }
    assertThat(capabilities.path("resources").path("subscribe").asBoolean()).isTrue();
  }

  @Test
  void everyListAndReadResultSaysHowLongAndForWhomItMayBeCached() throws Exception {
    JsonNode resources = send(request("r", "resources/list", Map.of()));
    String uri = resources.at("/result/resources/0/uri").asText();
    for (JsonNode answer :
        new JsonNode[] {
          send(request("d", "server/discover", Map.of())),
          send(request("t", "tools/list", Map.of())),
          send(request("p", "prompts/list", Map.of())),
          resources,
          send(request("rt", "resources/templates/list", Map.of())),
          send(request("rr", "resources/read", Map.of("uri", uri)))
        }) {
      assertThat(answer.at("/result/ttlMs").isIntegralNumber()).as(answer.toString()).isTrue();
      assertThat(answer.at("/result/ttlMs").asLong()).isGreaterThanOrEqualTo(0);
      assertThat(answer.at("/result/cacheScope").asText()).isEqualTo("private");
    }
    JsonNode call =
        send(
            request(
                "c", "tools/call", Map.of("name", "echo", "arguments", Map.of("message", "x"))));
    assertThat(call.at("/result").has("ttlMs")).isFalse();
  }

  @Test
  void methodsThisRevisionDoesNotHaveAreNotFound() throws Exception {
    for (String method : new String[] {"ping", "logging/setLevel", "no/such/method"}) {
      JsonNode answer = send(request("m", method, Map.of()), VERSION, 404);
      assertThat(answer.at("/error/code").asInt()).as(method).isEqualTo(-32601);
    }
  }

  @Test
  void aRequestWithoutItsMetaIsInvalidParams() throws Exception {
    ObjectNode bare = request("b", "tools/list", Map.of());
    ((ObjectNode) bare.get("params")).remove("_meta");
    JsonNode answer = send(bare, VERSION, 400);
    assertThat(answer.at("/error/code").asInt()).isEqualTo(-32602);
  }

  @Test
  void anUnsupportedVersionIsRefusedWithTheVersionsThatAre() throws Exception {
    ObjectNode future = request("f", "tools/list", Map.of());
    ((ObjectNode) future.at("/params/_meta"))
        .put("io.modelcontextprotocol/protocolVersion", "2099-01-01");
    JsonNode answer = send(future, "2099-01-01", 400);
    assertThat(answer.at("/error/code").asInt()).isEqualTo(-32022);
    assertThat(answer.at("/error/data/supported").toString()).contains(VERSION);
  }

  @Test
  void toolCallWithPerRequestMetaIsAnsweredWithResultTypeComplete() throws Exception {
    JsonNode answer =
        send(
            request(1, "tools/call", Map.of("name", "echo", "arguments", Map.of("message", "hi"))));
    assertThat(answer.at("/result/resultType").asText()).isEqualTo("complete");
    assertThat(answer.at("/result/content/0/text").asText()).isEqualTo("Echo: hi");
  }

  @Test
  void elicitationDuringACallBecomesInputRequiredAndTheRetryCompletesTheCall() throws Exception {
    JsonNode first =
        send(
            request(
                2,
                "tools/call",
                Map.of("name", "trigger-elicitation-request", "arguments", Map.of())));
    assertThat(first.get("id").asInt()).isEqualTo(2);
    assertThat(first.at("/result/resultType").asText()).isEqualTo("input_required");
    String key = first.at("/result/inputRequests").fieldNames().next();
    assertThat(first.at("/result/inputRequests/" + key + "/method").asText())
        .isEqualTo("elicitation/create");

    ObjectNode retry =
        request(
            3, "tools/call", Map.of("name", "trigger-elicitation-request", "arguments", Map.of()));
    Map<String, Object> accepted =
        Map.of("action", "accept", "content", Map.of("name", "Grace Hopper", "check", true));
    JsonNode done = send(answering(retry, first, key, accepted));
    assertThat(done.get("id").asInt()).isEqualTo(3);
    assertThat(done.at("/result/resultType").asText()).isEqualTo("complete");
    assertThat(done.at("/result").toString()).contains("Grace Hopper");
  }

  @Test
  void samplingDuringACallBecomesInputRequiredAndTheRetryCompletesTheCall() throws Exception {
    Map<String, Object> call =
        Map.of("name", "trigger-sampling-request", "arguments", Map.of("prompt", "hi"));
    JsonNode first = send(request("s1", "tools/call", call));
    assertThat(first.at("/result/resultType").asText()).isEqualTo("input_required");
    String key = first.at("/result/inputRequests").fieldNames().next();
    assertThat(first.at("/result/inputRequests/" + key + "/method").asText())
        .isEqualTo("sampling/createMessage");

    Map<String, Object> sample =
        Map.of(
            "role", "assistant",
            "content", Map.of("type", "text", "text", "a stateless sample"),
            "model", "m");
    JsonNode done = send(answering(request("s2", "tools/call", call), first, key, sample));
    assertThat(done.at("/result/resultType").asText()).isEqualTo("complete");
    assertThat(done.at("/result/content/0/text").asText()).contains("a stateless sample");
  }

  @Test
  void aStdioServerThatSpeaks20260728IsPassedThroughUntouched() throws Exception {
    String server = Fixtures.fixtures().resolve("stdio/modern-echo-server.mjs").toString();
    try (Runner modern =
        Runner.start(Fixtures.runnerFor(java.util.List.of("node", server)).build())) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(modern::isReady);
      RawMcp direct = new RawMcp(modern, null);
      JsonNode discover =
          RawMcp.last(
              direct.post(
                  request("d", "server/discover", Map.of()).toString(),
                  "MCP-Protocol-Version",
                  VERSION));
      assertThat(discover.at("/result/serverInfo/name").asText()).isEqualTo("modern-echo");

      JsonNode call =
          RawMcp.last(
              direct.post(
                  request(7, "tools/call", Map.of("name", "anything", "arguments", Map.of()))
                      .toString(),
                  "MCP-Protocol-Version",
                  VERSION));
      assertThat(call.get("id").asInt()).isEqualTo(7);
      // the server saw the per-request _meta the bridge would otherwise have taken off
      assertThat(call.at("/result/content/0/text").asText())
          .contains("io.modelcontextprotocol/protocolVersion", "stateless-test");
    }
  }

  @Test
  void retryWithAnUnknownRequestStateIsInvalidParams() throws Exception {
    ObjectNode retry =
        request(4, "tools/call", Map.of("name", "echo", "arguments", Map.of("message", "x")));
    ((ObjectNode) retry.get("params")).put("requestState", "forged");
    JsonNode answer = send(retry);
    assertThat(answer.at("/error/code").asInt()).isEqualTo(-32602);
  }

  /**
   * The retry {@code retry} of a call answered with {@code inputRequired}: it carries that answer's
   * request state and {@code response} to its input request {@code key}.
   */
  private static ObjectNode answering(
      ObjectNode retry, JsonNode inputRequired, String key, Object response) {
    ObjectNode params = (ObjectNode) retry.get("params");
    params.put("requestState", inputRequired.at("/result/requestState").asText());
    params.putObject("inputResponses").set(key, JsonRpc.MAPPER.valueToTree(response));
    return retry;
  }
}
