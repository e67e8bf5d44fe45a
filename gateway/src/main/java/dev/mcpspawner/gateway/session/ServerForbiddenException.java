package dev.mcpspawner.gateway.session;

/** The McpServer exists but this principal may not use it: HTTP 403. */
public class ServerForbiddenException extends RuntimeException {
  public ServerForbiddenException(String server) {
    super("Not allowed to use MCP server: " + server);
  }
}
