package dev.mcpspawner.gateway.mcp;

import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.contracts.McpRevisions;
import java.util.List;
import java.util.Locale;

/**
 * The transport rules of Streamable HTTP the gateway enforces before doing any work: content
 * negotiation, protocol versions, and which family (and so which sandbox key) a request belongs to.
 */
public final class McpRequestRules {

  /** How a POST is routed. */
  public enum Family {
    /** {@code initialize}: a new stateful session. */
    STATEFUL_INIT,
    /** A later request of a stateful session, routed by {@code Mcp-Session-Id}. */
    STATEFUL,
    /** 2026-07-28: routed by (user, server, client identity). */
    STATELESS
  }

  /** The MCP headers of one request (null when absent). */
  public record Headers(String protocolVersion, String sessionId, String method, String name) {}

  private McpRequestRules() {}

  /** A POST must send JSON and accept both JSON and SSE back. */
  public static void checkPost(String contentType, String accept) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json")) {
      throw new BadMcpRequestException(
          415, JsonRpcErrors.INVALID_REQUEST, "Content-Type must be application/json");
    }
    if (!accepts(accept, "application/json") || !accepts(accept, "text/event-stream")) {
      throw new BadMcpRequestException(
          406,
          JsonRpcErrors.INVALID_REQUEST,
          "Accept must list application/json and text/event-stream");
    }
  }

  /** A GET opens an SSE stream, so it must accept one. */
  public static void checkGet(String accept) {
    if (!accepts(accept, "text/event-stream")) {
      throw new BadMcpRequestException(
          406, JsonRpcErrors.INVALID_REQUEST, "Accept must list text/event-stream");
    }
  }

  /** A stateful request's session id and version header; stateless clients have no GET/DELETE. */
  public static void checkStatefulHeaders(Headers h) {
    checkVersionSupported(h.protocolVersion());
    if (h.protocolVersion() != null && McpRevisions.isStateless(h.protocolVersion())) {
      throw new BadMcpRequestException(
          405, JsonRpcErrors.INVALID_REQUEST, "Stateless clients have no session to stream or end");
    }
    if (h.sessionId() == null || h.sessionId().isEmpty()) {
      throw BadMcpRequestException.badRequest("Bad Request: Mcp-Session-Id header is required");
    }
  }

  /** Decides the family of a POST and checks its headers against its body. */
  public static Family classify(McpMessage message, Headers h) {
    String version = h.protocolVersion();
    checkVersionSupported(
        version,
        message.bodyProtocolVersion() != null ? STATELESS_REVISIONS : McpRevisions.SUPPORTED);
    boolean stateless = version != null && McpRevisions.isStateless(version);
    if (message.isInitialize()) {
      if (message.isBatch()) {
        throw BadMcpRequestException.badRequest("Invalid Request: initialize must not be batched");
      }
      if (stateless) {
        // A method the revision does not have (basic/transports/streamable-http.mdx): 404.
        throw new BadMcpRequestException(
            404,
            JsonRpcErrors.METHOD_NOT_FOUND,
            "Method not found: " + version + " has no initialize");
      }
      return Family.STATEFUL_INIT;
    }
    if (stateless) {
      checkStateless(message, h);
      return Family.STATELESS;
    }
    if (h.sessionId() == null || h.sessionId().isEmpty()) {
      throw BadMcpRequestException.badRequest(
          "Bad Request: Mcp-Session-Id header is required (or MCP-Protocol-Version: "
              + McpRevisions.V2026_07_28
              + " for stateless requests)");
    }
    if (message.isBatch() && version != null && !McpRevisions.BATCHING.contains(version)) {
      throw BadMcpRequestException.badRequest(
          "Invalid Request: JSON-RPC batches are not allowed in " + version);
    }
    return Family.STATEFUL;
  }

  private static void checkStateless(McpMessage message, Headers h) {
    if (message.isBatch()) {
      throw BadMcpRequestException.badRequest(
          "Invalid Request: JSON-RPC batches are not allowed in " + h.protocolVersion());
    }
    if (h.sessionId() != null) {
      throw BadMcpRequestException.badRequest(
          "Bad Request: " + h.protocolVersion() + " requests carry no Mcp-Session-Id");
    }
    String method = message.method();
    if (method != null && !method.equals(h.method())) {
      throw BadMcpRequestException.headerMismatch(
          "Mcp-Method is " + quote(h.method()) + " but the body's method is " + quote(method));
    }
    String name = message.name();
    if (name == null ? h.name() != null : !name.equals(h.name())) {
      throw BadMcpRequestException.headerMismatch(
          "Mcp-Name is " + quote(h.name()) + " but the body names " + quote(name));
    }
    String bodyVersion = message.bodyProtocolVersion();
    if (bodyVersion != null && !bodyVersion.equals(h.protocolVersion())) {
      throw BadMcpRequestException.headerMismatch(
          "MCP-Protocol-Version is "
              + h.protocolVersion()
              + " but the body's _meta says "
              + quote(bodyVersion));
    }
    if (bodyVersion == null || !message.declaresClientCapabilities()) {
      throw new BadMcpRequestException(
          400,
          JsonRpcErrors.INVALID_PARAMS,
          "Invalid params: a "
              + h.protocolVersion()
              + " request carries its protocol version and client capabilities in _meta");
    }
  }

  /** What {@code server/discover} lists, and so what a 2026-07-28-shaped request falls back to. */
  private static final List<String> STATELESS_REVISIONS = List.of(McpRevisions.STATELESS);

  private static void checkVersionSupported(String version) {
    checkVersionSupported(version, McpRevisions.SUPPORTED);
  }

  private static void checkVersionSupported(String version, List<String> fallBackTo) {
    if (version != null && !McpRevisions.isSupported(version)) {
      throw new UnsupportedVersionException(
          version,
          fallBackTo,
          "Bad Request: unsupported MCP-Protocol-Version "
              + quote(version)
              + "; supported: "
              + String.join(", ", fallBackTo));
    }
  }

  static boolean accepts(String accept, String type) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String t = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (t.equals(type) || t.equals("*/*") || t.equals(type.split("/")[0] + "/*")) {
        return true;
      }
    }
    return false;
  }

  private static String quote(String s) {
    if (s == null) {
      return "absent";
    }
    String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
