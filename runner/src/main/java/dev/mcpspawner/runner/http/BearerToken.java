package dev.mcpspawner.runner.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The per-session secret the gateway presents; compared in constant time. */
public final class BearerToken {
  private final byte[] expectedDigest;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("empty bearer token");
    }
    this.expectedDigest = sha256("Bearer " + token.strip());
  }

  /** Whether an {@code Authorization} header value carries the token. */
  public boolean matches(String authorization) {
    if (authorization == null) {
      return false;
    }
    // Digests have a fixed length, so the comparison time says nothing about the token.
    return MessageDigest.isEqual(expectedDigest, sha256(authorization.strip()));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
