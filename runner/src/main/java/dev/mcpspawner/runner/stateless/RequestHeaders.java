package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import dev.mcpspawner.contracts.McpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The request metadata headers of 2026-07-28 Streamable HTTP ({@code basic/transports/
 * streamable-http.mdx}, "Request Metadata"): {@code Mcp-Method} on every request and {@code
 * Mcp-Name} on {@code tools/call}, {@code prompts/get} and {@code resources/read} must be there and
 * match the body, after OWS is trimmed and the {@code =?base64?…?=} form decoded. Header names are
 * case-insensitive (the HTTP server's {@link Headers} is), values are not.
 */
final class RequestHeaders {
  private static final String BASE64_PREFIX = "=?base64?";
  private static final String BASE64_SUFFIX = "?=";

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
    String decoded = decode(nameHeader);
    if (decoded == null) {
      return McpHeaders.NAME + " header is not a valid value";
    }
    return decoded.equals(name.asText())
        ? null
        : McpHeaders.NAME
            + " header does not match the body's "
            + (method.equals("resources/read") ? "uri" : "name");
  }

  /**
   * A mirrored header's value as the client meant it: OWS trimmed, the Base64 sentinel form decoded
   * (strictly: padded, the standard alphabet, UTF-8). Null when it is malformed or holds characters
   * a plain header value may not (only visible ASCII, space and tab).
   */
  static String decode(String value) {
    String v = value.strip();
    if (v.length() >= BASE64_PREFIX.length() + BASE64_SUFFIX.length()
        && v.startsWith(BASE64_PREFIX)
        && v.endsWith(BASE64_SUFFIX)) {
      String encoded = v.substring(BASE64_PREFIX.length(), v.length() - BASE64_SUFFIX.length());
      if (encoded.length() % 4 != 0) {
        return null;
      }
      try {
        byte[] bytes = Base64.getDecoder().decode(encoded);
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (IllegalArgumentException | CharacterCodingException e) {
        return null;
      }
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        return null;
      }
    }
    return v;
  }
}
