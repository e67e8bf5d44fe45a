package dev.mcpspawner.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.McpRevisions;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.util.Map;

/** 2026-07-28 requests as a stateless client sends them: version and capabilities in _meta. */
final class StatelessRequests {
  static final String VERSION = McpRevisions.STATELESS;

  private StatelessRequests() {}

  /** A request from a client that declares elicitation and sampling. */
  static ObjectNode request(Object id, String method, Map<String, Object> params) {
    ObjectNode request = JsonRpc.NODES.objectNode();
    request.put("jsonrpc", "2.0");
    request.set("id", JsonRpc.MAPPER.valueToTree(id));
    request.put("method", method);
    request.set("params", JsonRpc.MAPPER.valueToTree(params));
    ObjectNode meta = ((ObjectNode) request.get("params")).putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
    meta.putObject("io.modelcontextprotocol/clientInfo")
        .put("name", "stateless-test")
        .put("version", "1");
    ObjectNode capabilities = meta.putObject("io.modelcontextprotocol/clientCapabilities");
    capabilities.putObject("elicitation");
    capabilities.putObject("sampling");
    return request;
  }

  static ObjectNode toolCall(Object id, String tool, Map<String, Object> arguments) {
    return request(id, "tools/call", Map.of("name", tool, "arguments", arguments));
  }

  /** The request, asking for log messages at {@code level} and above. */
  static ObjectNode withLogLevel(ObjectNode request, String level) {
    ((ObjectNode) request.at("/params/_meta")).put("io.modelcontextprotocol/logLevel", level);
    return request;
  }
}
