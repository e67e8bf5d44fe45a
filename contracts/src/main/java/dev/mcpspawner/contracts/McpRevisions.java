package dev.mcpspawner.contracts;

import java.util.List;

/**
 * The MCP protocol revisions the project speaks, by family (DESIGN §3). The gateway serves exactly
 * these; the runner bridges the stateful ones to its stdio server and the stateless one onto the
 * newest stateful revision. Revision names are dates, so string order is age order.
 */
public final class McpRevisions {
  public static final String V2024_11_05 = "2024-11-05";
  public static final String V2025_03_26 = "2025-03-26";
  public static final String V2025_06_18 = "2025-06-18";
  public static final String V2025_11_25 = "2025-11-25";
  public static final String V2026_07_28 = "2026-07-28";

  /**
   * Revisions with initialize, Mcp-Session-Id and the GET stream, oldest first. 2024-11-05 predates
   * Streamable HTTP, but the runner agrees to it in initialize (the messages are the same), so the
   * requests that follow, carrying it in their version header, must be served too.
   */
  public static final List<String> STATEFUL =
      List.of(V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25);

  /** The newest stateful revision: what the runner initializes its server with. */
  public static final String NEWEST_STATEFUL = V2025_11_25;

  /** Revisions that allow JSON-RPC batches (2025-06-18 removed them). */
  public static final List<String> BATCHING = List.of(V2024_11_05, V2025_03_26);

  /** The revision without handshake or session: every request stands alone. */
  public static final String STATELESS = V2026_07_28;

  /** Every revision served, oldest first. */
  public static final List<String> SUPPORTED =
      List.of(V2024_11_05, V2025_03_26, V2025_06_18, V2025_11_25, V2026_07_28);

  private McpRevisions() {}

  public static boolean isSupported(String revision) {
    return SUPPORTED.contains(revision);
  }

  public static boolean isStateful(String revision) {
    return STATEFUL.contains(revision);
  }

  public static boolean isStateless(String revision) {
    return STATELESS.equals(revision);
  }
}
