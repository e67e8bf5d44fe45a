package dev.mcpspawner.contracts;

/**
 * The JSON-RPC error codes the gateway and the runner answer with: JSON-RPC 2.0's own, MCP's, and
 * the project's, from the implementation-defined server range (-32000 to -32099).
 */
public final class JsonRpcErrors {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** 2026-07-28: the request names a protocol revision that is not served. */
  public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  /** 2026-07-28: the mirrored headers ({@link McpHeaders#METHOD}, ...) do not match the body. */
  public static final int HEADER_MISMATCH = -32020;

  /**
   * 2026-07-28: serving the request needs a capability its client did not declare; {@code
   * error.data.requiredCapabilities} names it (a ClientCapabilities object), HTTP 400.
   */
  public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

  /** The runner: its stdio server is gone, did not initialize, or the runner is shutting down. */
  public static final int SERVER_GONE = -32000;

  /**
   * The gateway: the session's server could not be reached or started. It shares its value with
   * {@link #REQUEST_TIMEOUT}; a client tells them apart only by the message.
   */
  public static final int SERVER_UNAVAILABLE = -32001;

  /** The code the MCP SDKs use for a request that was not answered in time. */
  public static final int REQUEST_TIMEOUT = -32001;

  private JsonRpcErrors() {}
}
