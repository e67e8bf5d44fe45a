package dev.mcpspawner.gateway.auth;

/** The request carried no credentials, or credentials that prove nothing: HTTP 401. */
public class NotAuthenticatedException extends RuntimeException {
  private final boolean credentialsPresented;

  public NotAuthenticatedException(String message, boolean credentialsPresented) {
    super(message);
    this.credentialsPresented = credentialsPresented;
  }

  /** Whether a token was sent (then the challenge says {@code error="invalid_token"}). */
  public boolean credentialsPresented() {
    return credentialsPresented;
  }
}
