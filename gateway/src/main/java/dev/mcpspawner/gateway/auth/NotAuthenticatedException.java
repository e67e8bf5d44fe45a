package dev.mcpspawner.gateway.auth;

import dev.mcpspawner.oauth.verify.InvalidTokenException;

/**
 * The request carried no credentials, or credentials that prove nothing: HTTP 401. The oauth
 * module's {@link InvalidTokenException} for every credential the gateway takes (API keys too).
 */
public class NotAuthenticatedException extends InvalidTokenException {
  public NotAuthenticatedException(String message, boolean credentialsPresented) {
    super(message, credentialsPresented);
  }

  /** Whether a token was sent (then the challenge says {@code error="invalid_token"}). */
  public boolean credentialsPresented() {
    return tokenPresented();
  }
}
