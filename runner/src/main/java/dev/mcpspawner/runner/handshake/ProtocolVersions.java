package dev.mcpspawner.runner.handshake;

import dev.mcpspawner.contracts.McpRevisions;

/**
 * Version negotiation for clients of a stdio server that the runner initialized once, itself. Each
 * client must still hear the version it asked for when that can be honoured, or it may disconnect
 * (MCP lifecycle: the server answers with the requested version if it supports it).
 */
public final class ProtocolVersions {
  private ProtocolVersions() {}

  /**
   * The version to answer a client's {@code initialize} with: the client's own when the runner
   * knows it and it is no newer than what the server agreed to, otherwise the server's version (the
   * client then decides whether it can go on).
   */
  public static String negotiate(String requested, String serverVersion) {
    if (serverVersion == null || serverVersion.isEmpty()) {
      return requested;
    }
    if (requested != null
        && McpRevisions.isStateful(requested)
        && requested.compareTo(serverVersion) <= 0) {
      return requested;
    }
    return serverVersion;
  }
}
