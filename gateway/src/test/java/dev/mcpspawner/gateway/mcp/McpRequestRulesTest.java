package dev.mcpspawner.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.contracts.McpRevisions;
import dev.mcpspawner.gateway.mcp.McpRequestRules.Family;
import dev.mcpspawner.gateway.mcp.McpRequestRules.Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class McpRequestRulesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static McpMessage message(String json) {
    return McpMessage.parse(json.getBytes(StandardCharsets.UTF_8), JSON);
  }

  static final McpMessage CALL =
      message(
          """
          {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo",
           "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                    "io.modelcontextprotocol/clientInfo":{"name":"claude-ai","version":"2"},
                    "io.modelcontextprotocol/clientCapabilities":{}}}}""");

  @Test
  void initializeStartsAStatefulSessionWhateverTheSessionHeader() {
    McpMessage init =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
    assertThat(McpRequestRules.classify(init, new Headers(null, null, null, null)))
        .isEqualTo(Family.STATEFUL_INIT);
    assertThat(McpRequestRules.classify(init, new Headers(null, "mcp-x", null, null)))
        .isEqualTo(Family.STATEFUL_INIT);
  }

  @Test
  void laterStatefulRequestsNeedASessionIdAndASupportedVersion() {
    assertThat(McpRequestRules.classify(CALL, new Headers("2025-06-18", "mcp-x", null, null)))
        .isEqualTo(Family.STATEFUL);
    assertThat(McpRequestRules.classify(CALL, new Headers(null, "mcp-x", null, null)))
        .isEqualTo(Family.STATEFUL);
    assertThatThrownBy(
            () -> McpRequestRules.classify(CALL, new Headers("2025-06-18", null, null, null)))
        .isInstanceOf(BadMcpRequestException.class);
    assertThatThrownBy(
            () -> McpRequestRules.classify(CALL, new Headers("2024-01-01", "mcp-x", null, null)))
        .hasMessageContaining("unsupported MCP-Protocol-Version");
  }

  @Test
  void everyVersionTheRunnerAgreesToInInitializeIsServedAfterwards() {
    McpMessage list = message("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
    assertThat(McpRevisions.STATEFUL)
        .allSatisfy(
            version ->
                assertThat(
                        McpRequestRules.classify(list, new Headers(version, "mcp-x", null, null)))
                    .isEqualTo(Family.STATEFUL));
  }

  @Test
  void batchesAreAllowedInTheRevisionsThatHadThem() {
    McpMessage batch =
        message(
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]");
    assertThat(McpRequestRules.classify(batch, new Headers("2024-11-05", "mcp-x", null, null)))
        .isEqualTo(Family.STATEFUL);
    assertThatThrownBy(
            () -> McpRequestRules.classify(batch, new Headers("2025-06-18", "mcp-x", null, null)))
        .isInstanceOf(BadMcpRequestException.class);
  }

  @Test
  void statelessHeadersMustMirrorTheBody() {
    assertThat(
            McpRequestRules.classify(CALL, new Headers("2026-07-28", null, "tools/call", "echo")))
        .isEqualTo(Family.STATELESS);
    for (Headers wrong :
        new Headers[] {
          new Headers("2026-07-28", null, "tools/list", "echo"),
          new Headers("2026-07-28", null, "tools/call", "ech0"),
          new Headers("2026-07-28", null, null, "echo"),
          new Headers("2026-07-28", null, "tools/call", null)
        }) {
      assertThatThrownBy(() -> McpRequestRules.classify(CALL, wrong))
          .isInstanceOfSatisfying(
              BadMcpRequestException.class,
              e -> assertThat(e.code()).isEqualTo(JsonRpcErrors.HEADER_MISMATCH));
    }
  }

  @Test
  void anUnsupportedVersionIsRefusedWithTheVersionsThatAreSupported() {
    // A request that does not say its era in the body may fall back to any revision.
    McpMessage claimless = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    assertThatThrownBy(
            () -> McpRequestRules.classify(claimless, new Headers("2099-01-01", null, null, null)))
        .isInstanceOfSatisfying(
            UnsupportedVersionException.class,
            e -> {
              assertThat(e.code()).isEqualTo(-32022);
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.supported()).contains("2024-11-05", "2025-11-25", "2026-07-28");
            });
  }

  @Test
  void aRequestInThe2026ShapeFallsBackToWhatDiscoverLists() {
    McpMessage modern =
        message(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2099-01-01\"}}}");
    assertThatThrownBy(
            () -> McpRequestRules.classify(modern, new Headers("2099-01-01", null, null, null)))
        .isInstanceOfSatisfying(
            UnsupportedVersionException.class,
            e -> assertThat(e.supported()).containsExactly("2026-07-28"));
  }

  @Test
  void initializeAt2026IsAMethodNotFound() {
    McpMessage init =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
    Headers modern = new Headers("2026-07-28", null, "initialize", null);
    BadMcpRequestException refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            BadMcpRequestException.class, () -> McpRequestRules.classify(init, modern));
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.code()).isEqualTo(JsonRpcErrors.METHOD_NOT_FOUND);
  }

  @Test
  void aStatelessRequestWithoutItsMetaIsInvalidParams() {
    McpMessage bare =
        message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}");
    assertThatThrownBy(
            () ->
                McpRequestRules.classify(bare, new Headers("2026-07-28", null, "tools/list", null)))
        .isInstanceOfSatisfying(
            BadMcpRequestException.class,
            e -> {
              assertThat(e.code()).isEqualTo(-32602);
              assertThat(e.status()).isEqualTo(400);
            });
  }

  @Test
  void resourceReadIsNamedByItsUri() {
    McpMessage read =
        message(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\","
                + "\"params\":{\"uri\":\"file:///a\",\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
    assertThat(
            McpRequestRules.classify(
                read, new Headers("2026-07-28", null, "resources/read", "file:///a")))
        .isEqualTo(Family.STATELESS);
  }

  @Test
  void clientInfoAndVersionComeFromInitializeOrMeta() {
    assertThat(CALL.clientInfo().getName()).isEqualTo("claude-ai");
    assertThat(CALL.bodyProtocolVersion()).isEqualTo("2026-07-28");
    assertThatThrownBy(
            () ->
                McpRequestRules.classify(
                    CALL, new Headers("2025-06-18", null, "tools/call", "echo")))
        .isInstanceOf(BadMcpRequestException.class);
  }

  @Test
  void acceptMustListBothTypes() {
    McpRequestRules.checkPost(
        "application/json; charset=utf-8", "application/json, text/event-stream");
    McpRequestRules.checkPost("application/json", "*/*");
    assertThatThrownBy(() -> McpRequestRules.checkPost("application/json", "application/json"))
        .isInstanceOfSatisfying(
            BadMcpRequestException.class, e -> assertThat(e.status()).isEqualTo(406));
    assertThatThrownBy(() -> McpRequestRules.checkPost("text/plain", "*/*"))
        .isInstanceOfSatisfying(
            BadMcpRequestException.class, e -> assertThat(e.status()).isEqualTo(415));
  }
}
