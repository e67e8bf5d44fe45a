package dev.mcpspawner.gateway.auth;

/**
 * A valid token of a known user, refused because it was revoked (its grant ended, or it was issued
 * before the user's {@code tokensNotBefore}): HTTP 401 like any bad token, audited as a revocation.
 */
public final class TokenRevokedException extends NotAuthenticatedException {
  private final transient Principal principal;

  public TokenRevokedException(Principal principal) {
    super("token revoked", true);
    this.principal = principal;
  }

  /** Whose token it was (the identity the token proves, though it no longer admits them). */
  public Principal principal() {
    return principal;
  }
}
