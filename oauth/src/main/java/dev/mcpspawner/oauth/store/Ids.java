package dev.mcpspawner.oauth.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random credentials and the hashes that stand for them in storage. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** {@code n} bytes from the one {@link SecureRandom}: what every secret here is made of. */
  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** A 256-bit random secret, base64url without padding: codes, refresh tokens, CSRF tokens. */
  public static String secret() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  /** A 160-bit random id in lowercase hex, safe in a Kubernetes name. */
  public static String id() {
    return HexFormat.of().formatHex(randomBytes(20));
  }

  /** Lowercase hex SHA-256: how a credential is stored and looked up, never the value itself. */
  public static String hash(String value) {
    return HexFormat.of().formatHex(sha256(value));
  }

  public static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison of two strings (hashes, CSRF tokens). */
  public static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
