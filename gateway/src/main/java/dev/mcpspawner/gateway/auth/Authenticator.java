package dev.mcpspawner.gateway.auth;

/** Turns a request's credentials into a {@link Principal}: API keys, OAuth access tokens. */
public interface Authenticator {

  /**
   * The principal the {@code Authorization} header value proves for the gateway as a whole (the
   * session API: an OAuth token bound to one MCP server is refused here), or a {@link
   * NotAuthenticatedException} when it is missing or proves nothing.
   */
  Principal authenticate(String authorizationHeader);

  /**
   * The same for a request to one MCP server: an OAuth token bound to another server's resource is
   * refused here. Authenticators without such a binding ignore {@code server}.
   */
  default Principal authenticate(String authorizationHeader, String server) {
    return authenticate(authorizationHeader);
  }
}
