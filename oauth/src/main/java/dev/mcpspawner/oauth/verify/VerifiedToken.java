package dev.mcpspawner.oauth.verify;

import java.time.Instant;
import java.util.Set;

/**
 * What a valid access token proves; the gateway turns it into its {@code Principal}.
 *
 * @param userId the user (the configured user claim, {@code sub} by default)
 * @param groups the user's groups
 * @param clientId the OAuth client the token was issued to: it keys stateless sandboxes, so two
 *     clients of one user never share one
 * @param scopes granted scopes
 * @param audience the resource the token is for
 * @param grantId the built-in server's grant (null for external tokens)
 * @param issuedAt when it was issued (for per-user revocation cut-offs), may be null
 */
public record VerifiedToken(
    String userId,
    Set<String> groups,
    String clientId,
    Set<String> scopes,
    String audience,
    String grantId,
    Instant issuedAt,
    Instant expiresAt,
    String name,
    String email) {

  public VerifiedToken {
    groups = Set.copyOf(groups);
    scopes = Set.copyOf(scopes);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }
}
