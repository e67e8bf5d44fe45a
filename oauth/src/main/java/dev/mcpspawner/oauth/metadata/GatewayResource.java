package dev.mcpspawner.oauth.metadata;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gateway's resource identifiers (RFC 8707): the public URL itself and {@code
 * <publicUrl>/mcp/<server>} for each MCP server. A token is for exactly one of them.
 */
public final class GatewayResource {
  private static final Pattern SERVER = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private final String base;

  public GatewayResource(String publicUrl) {
    this.base = publicUrl.replaceAll("/+$", "");
  }

  public String base() {
    return base;
  }

  public String forServer(String server) {
    if (!SERVER.matcher(server).matches()) {
      throw new IllegalArgumentException("not a server name: " + server);
    }
    return base + "/mcp/" + server;
  }

  /**
   * The canonical form of a requested resource when it names this gateway or one of its servers;
   * empty for anything else. A trailing slash is tolerated (clients differ on it).
   */
  public Optional<String> canonical(String requested) {
    if (requested == null) {
      return Optional.empty();
    }
    String r = requested.endsWith("/") ? requested.substring(0, requested.length() - 1) : requested;
    if (r.equals(base)) {
      return Optional.of(base);
    }
    String prefix = base + "/mcp/";
    if (r.startsWith(prefix) && SERVER.matcher(r.substring(prefix.length())).matches()) {
      return Optional.of(r);
    }
    return Optional.empty();
  }

  /**
   * Whether a token for {@code audience} may be used on {@code server}; null means the gateway as a
   * whole (the session API), which only a token for the gateway itself may use: a token bound to
   * one server is good for that server and nothing else.
   */
  public boolean admits(String audience, String server) {
    if (base.equals(audience)) {
      return true;
    }
    return server != null && SERVER.matcher(server).matches() && forServer(server).equals(audience);
  }

  /** Where the protected-resource metadata for a resource path ({@code ""} or /mcp/x) lives. */
  public String metadataUrl(String resourcePath) {
    return base
        + "/.well-known/oauth-protected-resource"
        + (resourcePath == null ? "" : resourcePath);
  }
}
