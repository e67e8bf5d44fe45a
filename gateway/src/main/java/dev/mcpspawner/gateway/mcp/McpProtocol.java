package dev.mcpspawner.gateway.mcp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** The MCP protocol revisions the gateway serves, by family (DESIGN §3). */
public final class McpProtocol {
  public static final String V2024_11_05 = "2024-11-05";
  public static final String V2025_03_26 = "2025-03-26";
  public static final String V2025_06_18 = "2025-06-18";
  public static final String V2025_11_25 = "2025-11-25";
  public static final String V2026_07_28 = "2026-07-28";

  /**
   * Revisions with initialize, Mcp-Session-Id and the GET stream. 2024-11-05 predates Streamable
   * HTTP, but the runner agrees to it in initialize (the messages are the same), so the requests
   * that follow, carrying it in their version header, must be served too.
   */
  public static final Set<String> STATEFUL =
      Set.of(V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25);

  /** Revisions that allow JSON-RPC batches (2025-06-18 removed them). */
  public static final Set<String> BATCHING = Set.of(V2024_11_05, V2025_03_26);

  /** Revisions without handshake or session: every request stands alone. */
  public static final Set<String> STATELESS = Set.of(V2026_07_28);

  public static final String HEADER_SESSION_ID = "Mcp-Session-Id";
  public static final String HEADER_PROTOCOL_VERSION = "MCP-Protocol-Version";
  public static final String HEADER_METHOD = "Mcp-Method";
  public static final String HEADER_NAME = "Mcp-Name";
  public static final String HEADER_LAST_EVENT_ID = "Last-Event-ID";

  /** JSON-RPC error codes the gateway answers with. */
  public static final int PARSE_ERROR = -32700;

  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  /** The server could not be reached or started (implementation-defined server error range). */
  public static final int SERVER_UNAVAILABLE = -32001;

  /** 2026-07-28: the request names a version the gateway does not serve. */
  public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  /** 2026-07-28: the mirrored headers do not match the body. */
  public static final int HEADER_MISMATCH = -32020;

  private McpProtocol() {}

  public static boolean isSupported(String version) {
    return STATEFUL.contains(version) || STATELESS.contains(version);
  }

  /** Every revision served, oldest first. */
  public static List<String> supported() {
    List<String> all = new ArrayList<>(STATEFUL);
    all.addAll(STATELESS);
    Collections.sort(all);
    return List.copyOf(all);
  }
}
