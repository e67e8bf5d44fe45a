package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import dev.mcpspawner.contracts.McpHeaders;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool parameters a server mirrors into {@code Mcp-Param-{Name}} headers ({@code x-mcp-header}
 * in a tool's {@code inputSchema}, {@code basic/transports/streamable-http.mdx}, "Custom Headers
 * from Tool Parameters"), learnt from the {@code tools/list} results the server gives any client,
 * and the check of a {@code tools/call} against them: a value in the body needs its header, and the
 * header (decoded) must say the same. A tool no list has shown yet is not checked; a client
 * rejected for a changed schema lists again, which teaches the runner the new one.
 */
public final class ToolHeaders {
  private static final String PREFIX = "Mcp-Param-";

  /** A mirrored parameter: its property path from the arguments' root, and its header name. */
  private record Param(List<String> path, String header) {}

  /** By tool name; bounded like the lists that fill it. */
  private final Map<String, List<Param>> byTool = new ConcurrentHashMap<>();

  private static final int MAX_TOOLS = 4096;

  /** Learns from a {@code tools/list} result. */
  public void listed(JsonNode result) {
    for (JsonNode tool : result.path("tools")) {
      String name = tool.path("name").asText(null);
      if (name == null || (byTool.size() >= MAX_TOOLS && !byTool.containsKey(name))) {
        continue;
      }
      List<Param> params = new ArrayList<>();
      collect(tool.path("inputSchema"), new ArrayList<>(), params);
      byTool.put(name, List.copyOf(params));
    }
  }

  /** Only chains of {@code properties} count: anything else makes the annotation invalid. */
  private static void collect(JsonNode schema, List<String> path, List<Param> into) {
    Iterator<Map.Entry<String, JsonNode>> properties =
        schema.path("properties").properties().iterator();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      List<String> at = new ArrayList<>(path);
      at.add(property.getKey());
      JsonNode header = property.getValue().get("x-mcp-header");
      if (header != null && header.isTextual() && !header.asText().isEmpty()) {
        into.add(new Param(List.copyOf(at), header.asText()));
      }
      collect(property.getValue(), at, into);
    }
  }

  /** Why the {@code Mcp-Param-*} headers of a {@code tools/call} do not match it, or null. */
  String mismatch(Headers headers, ObjectNode request) {
    if (!"tools/call".equals(request.path("method").asText())) {
      return null;
    }
    List<Param> params = byTool.get(request.path("params").path("name").asText());
    if (params == null) {
      return null;
    }
    for (Param param : params) {
      JsonNode value = request.path("params").path("arguments");
      for (String key : param.path()) {
        value = value.path(key);
      }
      String header = headers.getFirst(PREFIX + param.header());
      if (value.isMissingNode() || value.isNull()) {
        continue; // the client omits the header, and the server expects none
      }
      if (header == null) {
        return PREFIX + param.header() + " header is missing";
      }
      String decoded = McpHeaders.decodeValue(header);
      if (decoded == null) {
        return PREFIX + param.header() + " header is not a valid value";
      }
      if (!same(value, decoded)) {
        return PREFIX + param.header() + " header does not match the body";
      }
    }
    return null;
  }

  /** Integers compare as numbers ({@code 42.0} is {@code 42}), booleans in lowercase. */
  private static boolean same(JsonNode value, String header) {
    if (value.isIntegralNumber()) {
      try {
        return new BigDecimal(header).compareTo(value.decimalValue()) == 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    if (value.isBoolean()) {
      return header.equals(value.asText());
    }
    return value.isTextual() ? header.equals(value.asText()) : true;
  }
}
