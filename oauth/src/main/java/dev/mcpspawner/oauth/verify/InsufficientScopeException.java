package dev.mcpspawner.oauth.verify;

/** A valid token without the scope the request needs: HTTP 403 {@code insufficient_scope}. */
public class InsufficientScopeException extends RuntimeException {
  private final String requiredScope;

  public InsufficientScopeException(String requiredScope) {
    super("the token lacks the scope " + requiredScope);
    this.requiredScope = requiredScope;
  }

  public String requiredScope() {
    return requiredScope;
  }
}
