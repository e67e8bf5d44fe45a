package dev.mcpspawner.oauth.login;

/** Sign-in at the upstream identity provider did not produce a user. */
public class UpstreamLoginException extends RuntimeException {
  public UpstreamLoginException(String message) {
    super(message);
  }

  public UpstreamLoginException(String message, Throwable cause) {
    super(message, cause);
  }
}
