package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import dev.mcpspawner.contracts.McpHeaders;

/**
 * The request metadata headers of 2026-07-28 Streamable HTTP ({@code basic/transports/
 * streamable-http.mdx}, "Request Metadata"): {@code Mcp-Method} on every request and {@code
 * Mcp-Name} on {@code tools/call}, {@code prompts/get} and {@code resources/read} must be there and
 * match the body, after OWS is trimmed and the {@code =?base64?…?=} form decoded. Header names are
 * case-insensitive (the HTTP server's {@link Headers} is), values are not.
 */
final class RequestHeaders {
  private RequestHeaders() {}

  /** Why the headers do not match {@code request}, or null when they do. */
  static String mismatch(Headers headers, ObjectNode request) {
    String method = request.path("method").asText();
    String methodHeader = headers.getFirst(McpHeaders.METHOD);
    if (methodHeader == null) {
      return McpHeaders.METHOD + " header is missing";
    }
    if (!method.equals(methodHeader.strip())) {
      return McpHeaders.METHOD + " header does not match the body's method";
    }
    JsonNode params = request.path("params");
    JsonNode name =
        switch (method) {
          case "tools/call", "prompts/get" -> params.get("name");
          case "resources/read" -> params.get("uri");
          default -> null;
        };
    String nameHeader = headers.getFirst(McpHeaders.NAME);
    if (name == null || !name.isTextual()) {
      return null;
    }
    if (nameHeader == null) {
      return McpHeaders.NAME + " header is missing";
    }
    String decoded = McpHeaders.decodeValue(nameHeader);
    if (decoded == null) {
      return McpHeaders.NAME + " header is not a valid value";
    }
    return decoded.equals(name.asText())
        ? null
        : McpHeaders.NAME
            + " header does not match the body's "
            + (method.equals("resources/read") ? "uri" : "name");
  }
}
