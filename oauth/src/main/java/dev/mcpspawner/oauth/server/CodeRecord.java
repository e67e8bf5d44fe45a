package dev.mcpspawner.oauth.server;

import dev.mcpspawner.oauth.login.UserIdentity;
import java.time.Instant;

/**
 * An authorization code as stored (under the hash of the code). It is kept after use, marked used
 * with the grant it produced, so that a replay can revoke that grant.
 */
public record CodeRecord(
    String clientId,
    String redirectUri,
    String codeChallenge,
    String resource,
    String scope,
    UserIdentity user,
    Instant expiresAt,
    boolean used,
    String grantId) {

  CodeRecord usedFor(String grant) {
    return new CodeRecord(
        clientId, redirectUri, codeChallenge, resource, scope, user, expiresAt, true, grant);
  }
}
