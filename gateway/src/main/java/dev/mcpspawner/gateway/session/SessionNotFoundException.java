package dev.mcpspawner.gateway.session;

/**
 * No session of this user by that id: unknown, ended, or someone else's (the three look the same
 * from outside on purpose). HTTP 404, after which an MCP client re-initializes.
 */
public class SessionNotFoundException extends RuntimeException {
  public SessionNotFoundException() {
    super("Session not found");
  }
}
