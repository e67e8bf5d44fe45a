package dev.mcpspawner.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The HTTP headers of MCP's Streamable HTTP transport, as the gateway and the runner read them. */
public final class McpHeaders {
  public static final String SESSION_ID = "Mcp-Session-Id";
  public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";

  /** 2026-07-28: mirrors the body's method. */
  public static final String METHOD = "Mcp-Method";

  /** 2026-07-28: mirrors the body's tool, prompt or resource name. */
  public static final String NAME = "Mcp-Name";

  public static final String LAST_EVENT_ID = "Last-Event-ID";

  private static final String BASE64_PREFIX = "=?base64?";
  private static final String BASE64_SUFFIX = "?=";

  /**
   * A mirrored header's value ({@link #NAME}, {@code Mcp-Param-*}) as the client meant it: OWS
   * trimmed, the Base64 sentinel form decoded (strictly: padded, the standard alphabet, UTF-8).
   * Null when it is malformed or holds characters a plain header value may not (only visible ASCII,
   * space and tab).
   */
  public static String decodeValue(String value) {
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

  private McpHeaders() {}
}
