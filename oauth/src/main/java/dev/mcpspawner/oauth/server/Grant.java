package dev.mcpspawner.oauth.server;

import dev.mcpspawner.oauth.login.UserIdentity;
import java.time.Instant;
import java.util.List;

/**
 * One consent turned into tokens: a refresh-token family. The current refresh token and every
 * earlier one are kept as hashes; presenting an earlier one means it leaked, and revokes the family
 * and every access token minted from it.
 */
public record Grant(
    String clientId,
    UserIdentity user,
    String scope,
    String resource,
    String refreshHash,
    List<String> previousHashes,
    boolean revoked,
    Instant createdAt) {

  public Grant {
    previousHashes = previousHashes == null ? List.of() : List.copyOf(previousHashes);
  }

  Grant rotatedTo(String newHash) {
    List<String> prev = new java.util.ArrayList<>(previousHashes);
    prev.add(refreshHash);
    if (prev.size() > 200) {
      prev = prev.subList(prev.size() - 200, prev.size());
    }
    return new Grant(clientId, user, scope, resource, newHash, prev, false, createdAt);
  }

  Grant revokedNow() {
    return new Grant(clientId, user, scope, resource, refreshHash, previousHashes, true, createdAt);
  }
}
