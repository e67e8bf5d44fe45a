package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner in front of the everything server, used by the MCP Java SDK client and raw HTTP. */
class EverythingServerTest {
  private static final String TOKEN = "s3cret-token";
  private static Runner runner;
  private static RawMcp raw;
  private static final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
  private static McpSyncClient client;

  @BeforeAll
  static void start() throws Exception {
    runner = Runner.start(Fixtures.runnerFor(Fixtures.everythingServer()).token(TOKEN).build());
    raw = new RawMcp(runner, TOKEN);
    client =
        Fixtures.client(
            runner,
            spec ->
                spec.capabilities(
                        McpSchema.ClientCapabilities.builder().sampling().elicitation().build())
                    .progressConsumer(progress::add)
                    .sampling(
                        request ->
                            McpSchema.CreateMessageResult.builder()
                                .role(McpSchema.Role.ASSISTANT)
                                .content(new McpSchema.TextContent("sampled by the Java client"))
                                .model("test-model")
                                .build())
                    .elicitation(
                        request ->
                            new McpSchema.ElicitResult(
                                McpSchema.ElicitResult.Action.ACCEPT,
                                Map.of("name", "Ada Lovelace", "check", true))),
            TOKEN);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (runner != null) {
      runner.close();
    }
  }

  @Test
  void listsAndCallsTools() {
    assertThat(client.listTools().tools())
        .extracting(McpSchema.Tool::name)
        .contains("echo", "get-sum");
    McpSchema.CallToolResult sum =
        client.callTool(new McpSchema.CallToolRequest("get-sum", Map.of("a", 2, "b", 40)));
    assertThat(text(sum)).contains("42");
  }

  @Test
  void carriesAResultOfFiveMegabytesInOneLine() {
    String big = "x".repeat(5 * 1024 * 1024) + "-end";
    McpSchema.CallToolResult echoed =
        client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", big)));
    String text = text(echoed);
    assertThat(text).hasSize("Echo: ".length() + big.length()).endsWith("-end");
  }

  @Test
  void thirtyTwoConcurrentCallersWithTheSameIdEachGetTheirOwnAnswer() throws Exception {
    // Every caller uses JSON-RPC id 1: only the runner's id rewriting keeps them apart.
    List<JsonNode> answers =
        thirtyTwoAtOnce(
            i ->
                RawMcp.last(
                    raw.post(RawMcp.toolCall(1, "echo", "{\"message\":\"caller-" + i + "\"}"))));
    for (int i = 0; i < 32; i++) {
      assertThat(answers.get(i).get("id").asInt()).isEqualTo(1);
      assertThat(answers.get(i).at("/result/content/0/text").asText())
          .isEqualTo("Echo: caller-" + i);
    }
  }

  @Test
  void thirtyTwoConcurrentCallsOfOneSdkClientAreNotSerializedOrMixedUp() throws Exception {
    List<String> answers =
        thirtyTwoAtOnce(
            i ->
                text(
                    client.callTool(
                        new McpSchema.CallToolRequest("echo", Map.of("message", "sdk-" + i)))));
    for (int i = 0; i < 32; i++) {
      assertThat(answers.get(i)).isEqualTo("Echo: sdk-" + i);
    }
  }

  /** Makes calls 0 to 31 on 32 threads at once; their answers, in that order. */
  private static <T> List<T> thirtyTwoAtOnce(Call<T> call) throws Exception {
    try (ExecutorService callers = Executors.newFixedThreadPool(32)) {
      List<Future<T>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        int n = i;
        answers.add(callers.submit(() -> call.make(n)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> answer : answers) {
        results.add(answer.get());
      }
      return results;
    }
  }

  private interface Call<T> {
    T make(int i) throws Exception;
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  @Test
  void progressNotificationsArriveOnTheCallsStreamBeforeItsResult() throws Exception {
    HttpResponse<String> response =
        raw.post(
            "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"trigger-long-running-operation\",\"arguments\":{\"duration\":1,\"steps\":4},"
                + "\"_meta\":{\"progressToken\":\"my-token\"}}}");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<JsonNode> messages = RawMcp.messages(response);
    assertThat(messages).hasSize(5);
    for (JsonNode progressNote : messages.subList(0, 4)) {
      assertThat(progressNote.get("method").asText()).isEqualTo("notifications/progress");
      assertThat(progressNote.at("/params/progressToken").asText()).isEqualTo("my-token");
    }
    assertThat(messages.get(4).get("id").asText()).isEqualTo("p");
    assertThat(messages.get(4).at("/result/content/0/text").asText()).contains("completed");
  }

  @Test
  void sdkClientSeesProgressOfItsCall() {
    progress.clear();
    client.callTool(
        McpSchema.CallToolRequest.builder("trigger-long-running-operation")
            .arguments(Map.of("duration", 1, "steps", 3))
            .progressToken("sdk-progress")
            .build());
    assertThat(progress)
        .extracting(McpSchema.ProgressNotification::progressToken)
        .contains("sdk-progress");
  }

  @Test
  void samplingRequestIsAnsweredByTheClientThroughTheGetStream() {
    McpSchema.CallToolResult result =
        client.callTool(
            new McpSchema.CallToolRequest("trigger-sampling-request", Map.of("prompt", "hello")));
    assertThat(text(result)).contains("sampled by the Java client");
  }

  @Test
  void elicitationRequestIsAnsweredByTheClientThroughTheGetStream() {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest("trigger-elicitation-request", Map.of()));
    assertThat(result.toString()).contains("Ada Lovelace");
  }

  @Test
  void requestWithoutTheBearerTokenIsUnauthorized() throws Exception {
    HttpResponse<String> response =
        new RawMcp(runner, null).post(RawMcp.toolCall(1, "echo", "{\"message\":\"x\"}"));
    assertThat(response.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong =
        new RawMcp(runner, "not-" + TOKEN).post(RawMcp.toolCall(1, "echo", "{\"message\":\"x\"}"));
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  @Test
  void invalidJsonIsAParseErrorWithHttp400() throws Exception {
    HttpResponse<String> response = raw.post("{\"jsonrpc\":\"2.0\",");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(RawMcp.last(response).at("/error/code").asInt()).isEqualTo(-32700);
  }

  @Test
  void jsonThatIsNotJsonRpcIsAnInvalidRequestWithHttp400() throws Exception {
    for (String body :
        List.of(
            "{\"id\":1,\"method\":\"ping\"}",
            "[]",
            "42",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}")) {
      HttpResponse<String> response = raw.post(body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(RawMcp.last(response).at("/error/code").asInt()).as(body).isEqualTo(-32600);
    }
  }

  @Test
  void bodyOverTheLimitIsRejectedWith413() throws Exception {
    String huge =
        RawMcp.toolCall(1, "echo", "{\"message\":\"" + "y".repeat(17 * 1024 * 1024) + "\"}");
    assertThat(raw.post(huge).statusCode()).isEqualTo(413);
    // and the session still works afterwards
    assertThat(
            RawMcp.last(raw.post(RawMcp.toolCall(2, "echo", "{\"message\":\"ok\"}")))
                .at("/result/content/0/text")
                .asText())
        .isEqualTo("Echo: ok");
  }

  @Test
  void aBatchOfTwoRequestsGetsBothAnswersUnderTheirOwnIds() throws Exception {
    HttpResponse<String> response =
        raw.post(
            "["
                + RawMcp.toolCall("x", "echo", "{\"message\":\"one\"}")
                + ","
                + RawMcp.toolCall("y", "echo", "{\"message\":\"two\"}")
                + "]");
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, String> answers = new java.util.HashMap<>();
    for (JsonNode m : RawMcp.messages(response)) {
      answers.put(m.get("id").asText(), m.at("/result/content/0/text").asText());
    }
    assertThat(answers).containsEntry("x", "Echo: one").containsEntry("y", "Echo: two");
  }

  @Test
  void notificationsAndResponsesAreAcceptedWith202() throws Exception {
    HttpResponse<String> response =
        raw.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void healthAndReadinessAreServedWithoutTheToken() throws Exception {
    for (String path : List.of("/healthz", "/readyz")) {
      HttpResponse<String> response =
          RawMcp.HTTP.send(
              java.net.http.HttpRequest.newBuilder(runner.mcpUri().resolve(path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
  }
}
