package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.testing.MemoryGraph;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path with real parts: MCP Java SDK client → gateway → the real runner →
 * {@code @modelcontextprotocol/server-memory} (a Node process per session).
 */
class RealRunnerTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final TestingGateway gateway = new TestingGateway();

  @Test
  void twoSessionsOfOneUserAreTwoSeparateServerProcesses() {
    try (McpSyncClient first = gateway.sdkClient("memory", TestingKeys.ALICE);
        McpSyncClient second = gateway.sdkClient("memory", TestingKeys.ALICE)) {
      first.initialize();
      second.initialize();
      assertThat(first.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("create_entities", "read_graph");
      MemoryGraph.remember(first, "Ada", "wrote the first program");
      assertThat(MemoryGraph.graph(first)).contains("wrote the first program");
      assertThat(MemoryGraph.graph(second)).doesNotContain("Ada");
    }
  }

  @Test
  void aNewGatewayContinuesARealSession() throws Exception {
    McpHttp http = gateway.http();
    HttpResponse<String> init =
        http.post("memory", TestingKeys.BOB, McpHttp.initialize("2025-06-18"));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    http.postInSession(
        "memory",
        TestingKeys.BOB,
        session,
        "2025-06-18",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    try (GatewayApp replacement = TestingGateway.start(gateway.cluster())) {
      HttpResponse<String> list =
          new McpHttp(replacement.port())
              .postInSession(
                  "memory",
                  TestingKeys.BOB,
                  session,
                  "2025-06-18",
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).contains("read_graph");
    }
  }

  @Test
  void aClientThatNegotiated20241105IsServedForTheRestOfItsSession() throws Exception {
    McpHttp http = gateway.http();
    HttpResponse<String> init =
        http.post("memory", TestingKeys.BOB, McpHttp.initialize("2024-11-05"));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    assertThat(lastMessage(init).at("/result/protocolVersion").asText()).isEqualTo("2024-11-05");
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpResponse<String> list =
        http.postInSession(
            "memory",
            TestingKeys.BOB,
            session,
            "2024-11-05",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("read_graph");
  }

  @Test
  void statelessClientReachesTheRealServerThroughTheRunnersBridge() throws Exception {
    McpHttp http = gateway.http();
    String body =
        """
        {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_graph",
         "arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
         "io.modelcontextprotocol/clientInfo":{"name":"stateless-test","version":"1"},
         "io.modelcontextprotocol/clientCapabilities":{}}}}""";
    HttpResponse<String> r =
        http.post(
            "memory",
            TestingKeys.ALICE_CI,
            body,
            "MCP-Protocol-Version",
            "2026-07-28",
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "read_graph");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = lastMessage(r);
    assertThat(answer.at("/result/content/0/text").asText()).contains("entities");
  }

  @Test
  void anUnsupportedVersionGetsTheSupportedOnesToFallBackTo() throws Exception {
    HttpResponse<String> r =
        new McpHttp(gateway.port())
            .post(
                "memory",
                TestingKeys.ALICE_CI,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "MCP-Protocol-Version",
                "2099-01-01");
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.at("/error/code").asInt()).isEqualTo(-32022);
    assertThat(answer.at("/error/data/supported").toString()).contains("2026-07-28", "2025-11-25");
  }

  @Test
  void aMethodTheStatelessRevisionDoesNotHaveIsNotFound() throws Exception {
    String body =
        """
        {"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug",
         "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
         "io.modelcontextprotocol/clientInfo":{"name":"stateless-test","version":"1"},
         "io.modelcontextprotocol/clientCapabilities":{}}}}""";
    HttpResponse<String> r =
        new McpHttp(gateway.port())
            .post(
                "memory",
                TestingKeys.ALICE_CI,
                body,
                "MCP-Protocol-Version",
                "2026-07-28",
                "Mcp-Method",
                "logging/setLevel");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(lastMessage(r).at("/error/code").asInt()).isEqualTo(-32601);
  }

  /** The JSON body, or the last data line of an SSE body. */
  static JsonNode lastMessage(HttpResponse<String> r) throws Exception {
    String body = r.body();
    if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      String last = null;
      for (String line : body.split("\n")) {
        if (line.startsWith("data:")) {
          last = line.substring(5).trim();
        }
      }
      body = last;
    }
    return JSON.readTree(body);
  }
}
