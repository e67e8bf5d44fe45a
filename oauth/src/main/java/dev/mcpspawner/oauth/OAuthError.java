package dev.mcpspawner.oauth;

/**
 * An OAuth error answered as {@code {"error": …, "error_description": …}} (RFC 6749 §5.2). The
 * routes map it to HTTP in one place.
 */
public class OAuthError extends RuntimeException {
  private final String error;
  private final int status;

  public OAuthError(String error, String description) {
    this(error, description, "invalid_client".equals(error) ? 401 : 400);
  }

  public OAuthError(String error, String description, int status) {
    super(description);
    this.error = error;
    this.status = status;
  }

  public static OAuthError invalidRequest(String description) {
    return new OAuthError("invalid_request", description);
  }

  public static OAuthError invalidGrant(String description) {
    return new OAuthError("invalid_grant", description);
  }

  public String error() {
    return error;
  }

  public int status() {
    return status;
  }
}
