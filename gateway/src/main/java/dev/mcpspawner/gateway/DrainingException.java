package dev.mcpspawner.gateway;

/** The gateway is shutting down and takes no new MCP requests: HTTP 503 (retry elsewhere). */
public class DrainingException extends RuntimeException {
  public DrainingException() {
    super("The gateway is shutting down; retry");
  }
}
