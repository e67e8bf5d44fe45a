package dev.mcpspawner.runner;

import static dev.mcpspawner.runner.StatelessRequests.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Server→client requests reach the 2026-07-28 call they belong to, and only a client that declared
 * what they need (issue 13, item 3). The probe server, like the SDKs over stdio, does not say which
 * call its request belongs to.
 */
class StatelessInputRequestsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Runner start(Duration inputTimeout) throws Exception {
    String probe = Fixtures.fixtures().resolve("stdio/probe-server.mjs").toString();
    return Runner.start(
        Fixtures.runnerFor(List.of("node", probe)).inputTimeout(inputTimeout).build());
  }

  private static ObjectNode ask(String tag, String kind, String... capabilities) {
    return declaring(toolCall(tag, "ask", Map.of("tag", tag, "kind", kind)), capabilities);
  }

  /** The request, from a client that declares exactly {@code capabilities}. */
  private static ObjectNode declaring(ObjectNode request, String... capabilities) {
    ObjectNode declared = JsonRpc.NODES.objectNode();
    for (String capability : capabilities) {
      declared.putObject(capability);
    }
    ((ObjectNode) request.at("/params/_meta"))
        .set("io.modelcontextprotocol/clientCapabilities", declared);
    return request;
  }

  /** The retry of {@code call} answering its input request with {@code answer}. */
  private static ObjectNode retry(ObjectNode call, JsonNode inputRequired, String answer) {
    ObjectNode retry = call.deepCopy();
    retry.put("id", call.get("id").asText() + "-retry");
    ObjectNode params = (ObjectNode) retry.get("params");
    params.put("requestState", inputRequired.at("/result/requestState").asText());
    ObjectNode responses = params.putObject("inputResponses");
    inputRequired
        .at("/result/inputRequests")
        .fieldNames()
        .forEachRemaining(
            key ->
                responses
                    .putObject(key)
                    .put("action", "accept")
                    .putObject("content")
                    .put("answer", answer));
    return retry;
  }

  private static CompletableFuture<JsonNode> send(Runner runner, ObjectNode request) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(runner.mcpUri())
            .timeout(WAIT.multipliedBy(2))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", StatelessRequests.VERSION);
    for (String[] header :
        RawMcp.mirrored(request.toString(), "MCP-Protocol-Version", StatelessRequests.VERSION)) {
      http.header(header[0], header[1]);
    }
    return RawMcp.HTTP
        .sendAsync(
            http.POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
            HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              try {
                return RawMcp.last(response);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  private static JsonNode answer(CompletableFuture<JsonNode> pending) throws Exception {
    return pending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static String text(JsonNode answer) {
    return answer.at("/result/content/0/text").asText();
  }

  private static List<String> questions(JsonNode inputRequired) {
    return inputRequired.at("/result/inputRequests").findValuesAsText("message");
  }

  @Test
  void twoCallsInFlightEachGetTheirOwnElicitation() throws Exception {
    try (Runner runner = start(Duration.ofMinutes(2))) {
      // a is at the server and asks only when released; b, sent next, would ask at once.
      ObjectNode a = ask("a", "elicitation", "elicitation");
      ((ObjectNode) a.at("/params/arguments")).put("hold", true);
      CompletableFuture<JsonNode> aAnswer = send(runner, a);
      await().atMost(WAIT).until(() -> runner.inFlightRequests() == 1);
      ObjectNode b = ask("b", "elicitation", "elicitation");
      CompletableFuture<JsonNode> bAnswer = send(runner, b);
      await().atMost(WAIT).until(() -> runner.callsAwaitingInputTurn() == 1);
      assertThat(text(answer(send(runner, declaring(toolCall("r", "release", Map.of()))))))
          .isEqualTo("released");

      JsonNode aInput = answer(aAnswer);
      assertThat(aInput.at("/result/resultType").asText()).isEqualTo("input_required");
      assertThat(questions(aInput)).containsExactly("question for a");
      // Parked, a lets b in: b is asked its own question while a waits for its client.
      JsonNode bInput = answer(bAnswer);
      assertThat(questions(bInput)).containsExactly("question for b");
      assertThat(text(answer(send(runner, retry(a, aInput, "a-answer")))))
          .startsWith("a: ")
          .contains("a-answer")
          .doesNotContain("b-answer");
      assertThat(text(answer(send(runner, retry(b, bInput, "b-answer")))))
          .startsWith("b: ")
          .contains("b-answer")
          .doesNotContain("a-answer");
    }
  }

  /**
   * Parks {@code call} on its client's retry, then serves another call from start to end while it
   * is parked; returns the parked call's {@code input_required} answer.
   */
  private static JsonNode parkItAndServeAnother(Runner runner, ObjectNode call) throws Exception {
    JsonNode parked = answer(send(runner, call));
    assertThat(parked.at("/result/resultType").asText()).isEqualTo("input_required");
    ObjectNode next = ask("next", "elicitation", "elicitation");
    JsonNode nextInput = answer(send(runner, next));
    assertThat(questions(nextInput)).containsExactly("question for next");
    assertThat(text(answer(send(runner, retry(next, nextInput, "now")))))
        .startsWith("next: ")
        .contains("now");
    return parked;
  }

  @Test
  void anAbandonedCallIsCancelledAtTheServerAfterItsInputTimeout() throws Exception {
    try (Runner runner = start(Duration.ofSeconds(1))) {
      ObjectNode abandoned = ask("abandoned", "elicitation", "elicitation");
      JsonNode parked = parkItAndServeAnother(runner, abandoned);
      // Cancelled at the server once its input timeout passed, and its state is no good any more.
      ObjectNode tags = declaring(toolCall("t", "cancelled-tags", Map.of()));
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(text(answer(send(runner, tags)))).contains("abandoned"));
      JsonNode late = answer(send(runner, retry(abandoned, parked, "too late")));
      assertThat(late.at("/error/code").asInt()).isEqualTo(JsonRpcErrors.INVALID_PARAMS);
    }
  }

  @Test
  void aParkedCallLetsTheNextOneInLongBeforeItsInputTimeout() throws Exception {
    try (Runner runner = start(Duration.ofMinutes(10))) {
      // Its client may never come back: the next call is asked its own question meanwhile.
      ObjectNode away = ask("away", "elicitation", "elicitation");
      JsonNode parked = parkItAndServeAnother(runner, away);
      // And when it does come back, its call goes on where it was.
      assertThat(text(answer(send(runner, retry(away, parked, "later")))))
          .startsWith("away: ")
          .contains("later")
          .doesNotContain("now");
    }
  }

  @Test
  void aCallWhoseClientLeftWhileAtTheServerLetsTheNextOneIn() throws Exception {
    try (Runner runner = start(Duration.ofMinutes(2))) {
      ObjectNode gone = ask("gone", "elicitation", "elicitation");
      ((ObjectNode) gone.at("/params/arguments")).put("hold", true);
      CompletableFuture<JsonNode> nextAnswer;
      ObjectNode next = ask("next", "elicitation", "elicitation");
      try (Socket socket = new Socket("127.0.0.1", runner.port())) {
        RawMcp.writeStatelessPost(socket, gone.toString(), "application/json, text/event-stream");
        await().atMost(WAIT).until(() -> runner.inFlightRequests() == 1);
        nextAnswer = send(runner, next);
        await().atMost(WAIT).until(() -> runner.callsAwaitingInputTurn() == 1);
      } // the client of "gone" hangs up while its call holds the turn

      JsonNode nextInput = answer(nextAnswer);
      assertThat(questions(nextInput)).containsExactly("question for next");
      assertThat(text(answer(send(runner, retry(next, nextInput, "fine")))))
          .startsWith("next: ")
          .contains("fine");
      assertThat(text(answer(send(runner, declaring(toolCall("t", "cancelled-tags", Map.of()))))))
          .contains("gone");
    }
  }

  @Test
  void aClientWithoutSamplingGetsNoSamplingRequest() throws Exception {
    try (Runner runner = start(Duration.ofMinutes(2))) {
      JsonNode answer = answer(send(runner, ask("no-sampling", "sampling", "elicitation")));
      assertThat(answer.at("/result/resultType").asText()).isEqualTo("complete");
      assertThat(answer.at("/result").has("inputRequests")).isFalse();
      // The server was answered on the client's behalf: MissingRequiredClientCapability, which
      // a handler that lets it through passes on to the client.
      assertThat(text(answer))
          .isEqualTo("no-sampling: error -32021 the client did not declare sampling");
    }
  }

  @Test
  void aClientThatDeclaredNothingIsAskedNothing() throws Exception {
    try (Runner runner = start(Duration.ofMinutes(2))) {
      JsonNode answer = answer(send(runner, ask("bare", "elicitation")));
      assertThat(answer.at("/result/resultType").asText()).isEqualTo("complete");
      assertThat(text(answer)).contains("error -32021").contains("elicitation");
    }
  }

  @Test
  void aRequestStateIsNoGoodOnAnotherMethod() throws Exception {
    try (Runner runner = start(Duration.ofMinutes(2))) {
      ObjectNode call = ask("state", "elicitation", "elicitation");
      JsonNode input = answer(send(runner, call));
      ObjectNode other = retry(call, input, "x");
      other.put("method", "prompts/get");
      ((ObjectNode) other.get("params")).put("name", "anything");
      assertThat(answer(send(runner, other)).at("/error/code").asInt())
          .isEqualTo(JsonRpcErrors.INVALID_PARAMS);
      // Not consumed: the call's own retry still completes it.
      assertThat(text(answer(send(runner, retry(call, input, "ok"))))).contains("ok");
    }
  }
}
