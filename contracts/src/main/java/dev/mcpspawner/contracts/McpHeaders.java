package dev.mcpspawner.contracts;

/** The HTTP headers of MCP's Streamable HTTP transport, as the gateway and the runner read them. */
public final class McpHeaders {
  public static final String SESSION_ID = "Mcp-Session-Id";
  public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";

  /** 2026-07-28: mirrors the body's method. */
  public static final String METHOD = "Mcp-Method";

  /** 2026-07-28: mirrors the body's tool, prompt or resource name. */
  public static final String NAME = "Mcp-Name";

  public static final String LAST_EVENT_ID = "Last-Event-ID";

  private McpHeaders() {}
}
