package dev.mcpspawner.oauth.verify;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/** Whether an otherwise valid token has been revoked since it was issued. */
@FunctionalInterface
public interface RevocationCheck {
  RevocationCheck NONE = token -> false;

  boolean isRevoked(VerifiedToken token);

  /**
   * A per-user cut-off ({@code McpUser.tokensNotBefore}, later): tokens issued before the user's
   * cut-off are refused.
   */
  static RevocationCheck userCutoff(Function<String, Optional<Instant>> cutoffOf) {
    return token ->
        cutoffOf
            .apply(token.userId())
            .map(cutoff -> token.issuedAt() == null || token.issuedAt().isBefore(cutoff))
            .orElse(false);
  }

  default RevocationCheck or(RevocationCheck other) {
    return token -> isRevoked(token) || other.isRevoked(token);
  }
}
