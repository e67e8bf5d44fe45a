package dev.mcpspawner.gateway.session;

import java.net.URI;

/**
 * A Ready session the gateway may relay to.
 *
 * @param name the McpSession name (also the client's {@code Mcp-Session-Id} when stateful)
 * @param endpoint the runner's MCP URL ({@code status.endpoint})
 * @param token the runner's bearer token, from the session Secret
 */
public record Sandbox(String name, URI endpoint, String token) {
  @Override
  public String toString() {
    return "Sandbox[" + name + " at " + endpoint + "]";
  }
}
