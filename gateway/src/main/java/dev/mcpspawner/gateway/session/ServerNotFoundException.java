package dev.mcpspawner.gateway.session;

/** No McpServer of that name in the catalog: HTTP 404. */
public class ServerNotFoundException extends RuntimeException {
  public ServerNotFoundException(String server) {
    super("Unknown MCP server: " + server);
  }
}
