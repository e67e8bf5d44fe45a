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
import java.util.ArrayList;
import java.util.List;
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
    String session = sessionId(initialize(http, "2025-06-18"));
    http.postInSession(
        "memory",
        TestingKeys.BOB,
        session,
        "2025-06-18",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    try (GatewayApp replacement = TestingGateway.start(gateway.cluster())) {
      HttpResponse<String> list = toolsList(new McpHttp(replacement.port()), session, "2025-06-18");
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).contains("read_graph");
    }
  }

  @Test
  void aClientThatNegotiated20241105IsServedForTheRestOfItsSession() throws Exception {
    McpHttp http = gateway.http();
    HttpResponse<String> init = initialize(http, "2024-11-05");
    assertThat(lastMessage(init).at("/result/protocolVersion").asText()).isEqualTo("2024-11-05");
    HttpResponse<String> list = toolsList(http, sessionId(init), "2024-11-05");
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("read_graph");
  }

  @Test
  void statelessClientReachesTheRealServerThroughTheRunnersBridge() throws Exception {
    String body =
        """
        {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_graph",
         "arguments":{},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
         "io.modelcontextprotocol/clientInfo":{"name":"stateless-test","version":"1"},
         "io.modelcontextprotocol/clientCapabilities":{}}}}\
        """;
    HttpResponse<String> r = postStateless(body, "tools/call", "Mcp-Name", "read_graph");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = lastMessage(r);
    assertThat(answer.at("/result/content/0/text").asText()).contains("entities");
  }

  @Test
  void anUnsupportedVersionGetsTheSupportedOnesToFallBackTo() throws Exception {
    HttpResponse<String> r =
        gateway
            .http()
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
         "io.modelcontextprotocol/clientCapabilities":{}}}}\
        """;
    HttpResponse<String> r = postStateless(body, "logging/setLevel");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(lastMessage(r).at("/error/code").asInt()).isEqualTo(-32601);
  }

  /** Bob's initialize of a session on the memory server at {@code version}, answered 200. */
  private static HttpResponse<String> initialize(McpHttp http, String version) {
    HttpResponse<String> init = http.post("memory", TestingKeys.BOB, McpHttp.initialize(version));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    return init;
  }

  private static String sessionId(HttpResponse<String> init) {
    return init.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  /** A tools/list in Bob's session {@code session}. */
  private static HttpResponse<String> toolsList(McpHttp http, String session, String version) {
    return http.postInSession(
        "memory",
        TestingKeys.BOB,
        session,
        version,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
  }

  /**
   * POSTs {@code body}, a 2026-07-28 request of {@code method}, to the memory server as Alice (CI
   * key) with the routing headers: the version, {@code Mcp-Method}, then {@code more} pairs.
   */
  private static HttpResponse<String> postStateless(String body, String method, String... more) {
    List<String> headers =
        new ArrayList<>(List.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method));
    headers.addAll(List.of(more));
    return gateway
        .http()
        .post("memory", TestingKeys.ALICE_CI, body, headers.toArray(String[]::new));
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
