package dev.mcpspawner.gateway.auth;

import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import dev.mcpspawner.oauth.verify.InvalidTokenException;
import dev.mcpspawner.oauth.verify.TokenRevokedException;
import dev.mcpspawner.oauth.verify.VerifiedToken;
import java.util.Set;

/**
 * OAuth access tokens (from the built-in authorization server or the organisation's IdP) checked by
 * the oauth module's verifier; anything that is not a JWT goes to the API keys, which keep working
 * for automation. The token's OAuth client id becomes the principal's client id, so two clients of
 * one user (Claude.ai, Claude Desktop) get separate stateless sandboxes.
 */
public final class OAuthAuthenticator implements Authenticator {
  private static final String BEARER = "Bearer ";

  private final AccessTokenVerifier verifier;
  private final String requiredScope;
  private final Authenticator apiKeys;

  /**
   * @param requiredScope scope every request needs (a token without it gets 403), or null
   * @param apiKeys what non-JWT bearer values are checked against
   */
  public OAuthAuthenticator(
      AccessTokenVerifier verifier, String requiredScope, Authenticator apiKeys) {
    this.verifier = verifier;
    this.requiredScope = requiredScope;
    this.apiKeys = apiKeys;
  }

  @Override
  public Principal authenticate(String authorizationHeader) {
    return authenticate(authorizationHeader, null);
  }

  @Override
  public Principal authenticate(String authorization, String server) {
    if (authorization == null || authorization.isBlank()) {
      throw new NotAuthenticatedException("no credentials", false);
    }
    if (!isJwt(authorization)) {
      return apiKeys.authenticate(authorization);
    }
    VerifiedToken token;
    try {
      token = verifier.verify(authorization, server);
    } catch (TokenRevokedException e) {
      VerifiedToken revoked = e.token();
      throw new dev.mcpspawner.gateway.auth.TokenRevokedException(
          new Principal(revoked.userId(), revoked.groups(), revoked.clientId(), Set.of()));
    } catch (InvalidTokenException e) {
      throw new NotAuthenticatedException(e.getMessage(), e.tokenPresented());
    }
    // InsufficientScopeException goes on to HttpErrors: 403 with error="insufficient_scope".
    AccessTokenVerifier.requireScope(token, requiredScope);
    return new Principal(token.userId(), token.groups(), token.clientId(), Set.of());
  }

  private static boolean isJwt(String authorization) {
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    String value = authorization.substring(BEARER.length()).trim();
    return value.chars().filter(c -> c == '.').count() == 2;
  }
}
