package dev.mcpspawner.runner.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The per-session secret the gateway presents; compared in constant time. */
public final class BearerToken {
  private final byte[] expected;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("empty bearer token");
    }
    this.expected = ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
  }

  /** Whether an {@code Authorization} header value carries the token. */
  public boolean matches(String authorization) {
    if (authorization == null) {
      return false;
    }
    // isEqual's time depends only on the length of its first argument, the expected value: it
    // says nothing about the presented bytes. (No digest per request: on a session's cold JVM,
    // MessageDigest.getInstance and an interpreted SHA-256 were ~6% of a call's runner CPU.)
    return MessageDigest.isEqual(expected, authorization.strip().getBytes(StandardCharsets.UTF_8));
  }
}
