package dev.mcpspawner.gateway.auth;

/** Turns a request's credentials into a {@link Principal}; OAuth plugs in here later. */
public interface Authenticator {

  /**
   * The principal the {@code Authorization} header value proves, or a {@link
   * NotAuthenticatedException} when it is missing or proves nothing.
   */
  Principal authenticate(String authorizationHeader);
}
