package dev.mcpspawner.gateway.mcp;

import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.contracts.McpRevisions;
import java.util.List;

/**
 * A request naming a protocol version the gateway does not serve. Clients fall back on the versions
 * it lists, so the answer carries them as {@code error.data.supported}.
 */
public final class UnsupportedVersionException extends BadMcpRequestException {
  private final String requested;
  private final List<String> supported;

  public UnsupportedVersionException(String requested, String message) {
    this(requested, McpRevisions.SUPPORTED, message);
  }

  /**
   * @param supported the revisions to fall back to: a request in the 2026-07-28 shape (its version
   *     in {@code _meta}) is given those that {@code server/discover} lists, others every one
   */
  public UnsupportedVersionException(String requested, List<String> supported, String message) {
    super(400, JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION, message);
    this.requested = requested;
    this.supported = List.copyOf(supported);
  }

  public String requested() {
    return requested;
  }

  public List<String> supported() {
    return supported;
  }
}
