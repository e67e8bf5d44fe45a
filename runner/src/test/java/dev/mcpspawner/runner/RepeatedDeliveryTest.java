package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway names each POST it delivers ({@code Mcp-Spawner-Delivery}); a hop that sends the same
 * request again repeats the name, and the copy must not run: a tool call is not idempotent.
 * JSON-RPC ids alone cannot tell a copy, since callers sharing a runner may reuse them.
 */
class RepeatedDeliveryTest {
  private static final String HEADER = "Mcp-Spawner-Delivery";

  @TempDir Path tmp;

  @Test
  void aCopyOfADeliveredRequestIsRefusedAndNeverReachesTheServer() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (Runner runner =
        Runner.start(Fixtures.runnerFor(Fixtures.memoryServer(tmp.resolve("m.jsonl"))).build())) {
      RawMcp mcp = new RawMcp(runner, null);
      RawMcp.last(
          mcp.post(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                  + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                  + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
              HEADER,
              "d-1"));

      String first = createEntity(7, "alpha-" + run);
      JsonNode answer = RawMcp.last(mcp.post(first, HEADER, "d-2"));
      assertThat(answer.path("result").path("content").toString()).contains("alpha-" + run);

      // The same delivery again; it carries another entity so that running it would show.
      HttpResponse<String> copy = mcp.post(createEntity(7, "beta-" + run), HEADER, "d-2");
      assertThat(copy.statusCode()).isEqualTo(409);
      assertThat(RawMcp.last(copy).path("error").path("code").asInt()).isEqualTo(-32600);
      assertThat(RawMcp.last(copy).path("error").path("message").asText())
          .contains("delivered before");

      // Another delivery under the same JSON-RPC id is a new request and runs.
      JsonNode sameId = RawMcp.last(mcp.post(createEntity(7, "gamma-" + run), HEADER, "d-3"));
      assertThat(sameId.has("result")).as(sameId.toString()).isTrue();

      // A name longer than any the gateway gives is refused outright.
      HttpResponse<String> tooLong =
          mcp.post(createEntity(8, "delta-" + run), HEADER, "x".repeat(129));
      assertThat(tooLong.statusCode()).isEqualTo(400);

      JsonNode graph =
          RawMcp.last(
              mcp.post(
                  "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                      + "\"params\":{\"name\":\"read_graph\",\"arguments\":{}}}"));
      assertThat(graph.path("result").path("content").toString())
          .contains("alpha-" + run)
          .contains("gamma-" + run)
          .doesNotContain("beta-" + run)
          .doesNotContain("delta-" + run);
    }
  }

  private static String createEntity(int id, String name) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"create_entities\",\"arguments\":"
        + "{\"entities\":[{\"name\":\""
        + name
        + "\",\"entityType\":\"t\",\"observations\":[]}]}}}";
  }
}
