package dev.mcpspawner.oauth.verify;

/** No usable token: HTTP 401 with {@code error="invalid_token"} (or no error when none came). */
public class InvalidTokenException extends RuntimeException {
  private final boolean tokenPresented;

  public InvalidTokenException(String message, boolean tokenPresented) {
    super(message);
    this.tokenPresented = tokenPresented;
  }

  public boolean tokenPresented() {
    return tokenPresented;
  }
}
