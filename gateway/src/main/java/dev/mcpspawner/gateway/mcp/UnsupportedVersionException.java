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

  public UnsupportedVersionException(String requested, String message) {
    super(400, JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION, message);
    this.requested = requested;
  }

  public String requested() {
    return requested;
  }

  public List<String> supported() {
    return McpRevisions.SUPPORTED;
  }
}
