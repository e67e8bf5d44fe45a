package dev.mcpspawner.gateway.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.crds.ClientInfo;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A POSTed MCP body: one JSON-RPC message or (2025-03-26 only) a batch, with what routing, header
 * checks and the audit log need from it. Only the envelope is validated; params go to the server as
 * they came.
 */
public final class McpMessage {
  private final List<JsonNode> messages;
  private final boolean batch;

  private McpMessage(List<JsonNode> messages, boolean batch) {
    this.messages = messages;
    this.batch = batch;
  }

  /** Parses and checks the envelope; malformed input is a {@link BadMcpRequestException}. */
  public static McpMessage parse(byte[] body, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadMcpRequestException(
          400, JsonRpcErrors.PARSE_ERROR, "Parse error: malformed JSON");
    } catch (java.io.IOException e) {
      throw new BadMcpRequestException(400, JsonRpcErrors.PARSE_ERROR, "Parse error");
    }
    if (root == null || root.isMissingNode()) {
      throw new BadMcpRequestException(400, JsonRpcErrors.PARSE_ERROR, "Parse error: empty body");
    }
    List<JsonNode> messages = new ArrayList<>();
    boolean batch = root.isArray();
    if (batch) {
      if (root.isEmpty()) {
        throw BadMcpRequestException.badRequest("Invalid Request: empty batch");
      }
      ((ArrayNode) root).forEach(messages::add);
    } else {
      messages.add(root);
    }
    for (JsonNode m : messages) {
      checkEnvelope(m);
    }
    return new McpMessage(List.copyOf(messages), batch);
  }

  private static void checkEnvelope(JsonNode m) {
    if (!m.isObject() || !"2.0".equals(m.path("jsonrpc").asText(null))) {
      throw BadMcpRequestException.badRequest("Invalid Request: not a JSON-RPC 2.0 message");
    }
    JsonNode method = m.get("method");
    if (method != null && !method.isTextual()) {
      throw BadMcpRequestException.badRequest("Invalid Request: method must be a string");
    }
    JsonNode id = m.get("id");
    if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
      throw BadMcpRequestException.badRequest("Invalid Request: id must be a string or integer");
    }
    if (method == null && id == null) {
      throw BadMcpRequestException.badRequest("Invalid Request: neither a request nor a response");
    }
  }

  public boolean isBatch() {
    return batch;
  }

  private JsonNode first() {
    return messages.get(0);
  }

  /** The method of a single request or notification; null for responses and batches. */
  public String method() {
    return batch ? null : first().path("method").asText(null);
  }

  /** The id of a single request, as JSON (for echoing it in errors); null otherwise. */
  public JsonNode id() {
    return batch ? null : first().get("id");
  }

  public boolean isInitialize() {
    return messages.stream().anyMatch(m -> "initialize".equals(m.path("method").asText(null)));
  }

  /** What {@code Mcp-Name} must carry: the tool or prompt name, or the resource URI. */
  public String name() {
    String method = method();
    if (method == null) {
      return null;
    }
    JsonNode params = first().path("params");
    return switch (method) {
      case "tools/call", "prompts/get" -> params.path("name").asText(null);
      case "resources/read" -> params.path("uri").asText(null);
      default -> null;
    };
  }

  /** The tool of a {@code tools/call}, for the audit log. */
  public String toolName() {
    return "tools/call".equals(method()) ? first().path("params").path("name").asText(null) : null;
  }

  /** Who the client says it is: initialize's clientInfo, or a clientInfo in params._meta. */
  public ClientInfo clientInfo() {
    if (batch) {
      return null;
    }
    JsonNode params = first().path("params");
    JsonNode info = params.path("clientInfo");
    if (!info.isObject()) {
      info = metaEndingWith(params.path("_meta"), "clientInfo");
    }
    if (info == null || !info.isObject()) {
      return null;
    }
    return new ClientInfo(
        truncate(info.path("name").asText(null)), truncate(info.path("version").asText(null)));
  }

  /** The protocol version the body states (initialize's, or one in params._meta). */
  public String bodyProtocolVersion() {
    if (batch) {
      return null;
    }
    JsonNode params = first().path("params");
    if ("initialize".equals(method())) {
      return params.path("protocolVersion").asText(null);
    }
    JsonNode meta = metaEndingWith(params.path("_meta"), "protocolVersion");
    return meta == null ? null : meta.asText(null);
  }

  /** A 2026-07-28 request says what its client can do in {@code _meta}, on every request. */
  public boolean declaresClientCapabilities() {
    return !batch
        && metaEndingWith(first().path("params").path("_meta"), "clientCapabilities") != null;
  }

  private static JsonNode metaEndingWith(JsonNode meta, String suffix) {
    if (!meta.isObject()) {
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(suffix) || e.getKey().endsWith("/" + suffix)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 256 ? s : s.substring(0, 256);
  }
}
