package dev.mcpspawner.oauth.verify;

/**
 * A well-signed, unexpired token that was revoked: its grant was ended, or it was issued before the
 * user's {@code tokensNotBefore}. Still HTTP 401 {@code invalid_token}; it names the user so the
 * refusal can be audited as a revocation rather than as a failed sign-in.
 */
public final class TokenRevokedException extends InvalidTokenException {
  private final transient VerifiedToken token;

  public TokenRevokedException(VerifiedToken token) {
    super("token revoked", true);
    this.token = token;
  }

  /** The token as verified before the revocation check (never logged whole). */
  public VerifiedToken token() {
    return token;
  }
}
