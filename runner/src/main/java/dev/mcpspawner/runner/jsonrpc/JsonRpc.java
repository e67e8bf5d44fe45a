package dev.mcpspawner.runner.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** JSON-RPC 2.0 message shapes as MCP uses them: classification, validation and error objects. */
public final class JsonRpc {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What a single JSON-RPC message is. */
  public enum Kind {
    REQUEST,
    NOTIFICATION,
    RESPONSE,
    INVALID
  }

  private JsonRpc() {}

  public static Kind kind(JsonNode message) {
    if (!(message instanceof ObjectNode o)) {
      return Kind.INVALID;
    }
    JsonNode version = o.get("jsonrpc");
    if (version == null || !"2.0".equals(version.asText())) {
      return Kind.INVALID;
    }
    JsonNode method = o.get("method");
    JsonNode id = o.get("id");
    if (method != null) {
      if (!method.isTextual()) {
        return Kind.INVALID;
      }
      JsonNode params = o.get("params");
      if (params != null && !params.isObject() && !params.isArray()) {
        return Kind.INVALID;
      }
      if (id == null) {
        return Kind.NOTIFICATION;
      }
      return validId(id) && !id.isNull() ? Kind.REQUEST : Kind.INVALID;
    }
    if (id != null && validId(id) && (o.has("result") ^ o.has("error"))) {
      return Kind.RESPONSE;
    }
    return Kind.INVALID;
  }

  private static boolean validId(JsonNode id) {
    return id.isTextual() || id.isIntegralNumber() || id.isNull();
  }

  public static JsonNode parse(byte[] bytes, int offset, int length) throws IOException {
    return MAPPER.readTree(bytes, offset, length);
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode response = NODES.objectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id == null ? NullNode.getInstance() : id);
    ObjectNode error = response.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return response;
  }

  public static ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode response = NODES.objectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", id);
    response.set("result", result);
    return response;
  }

  public static ObjectNode request(long id, String method, JsonNode params) {
    return message(NODES.numberNode(id), method, params);
  }

  public static ObjectNode notification(String method, JsonNode params) {
    return message(null, method, params);
  }

  /** A request ({@code id} set) or a notification (null), members in the usual order. */
  private static ObjectNode message(JsonNode id, String method, JsonNode params) {
    ObjectNode message = NODES.objectNode();
    message.put("jsonrpc", "2.0");
    if (id != null) {
      message.set("id", id);
    }
    message.put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    return message;
  }
}
