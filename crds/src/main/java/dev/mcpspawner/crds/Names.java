package dev.mcpspawner.crds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns ids that come from outside (OIDC subjects, emails, client names) into Kubernetes names.
 *
 * <p>The scheme follows KubeSpawner's "safe" slugs: an id that already is a DNS-1123 label and has
 * no {@code --} in it is used as is; anything else becomes a lowercase slug of at most {@link
 * #SLUG_PREFIX_MAX} characters, then {@code ---}, then 12 hex characters of the id's SHA-256. A
 * kept id never contains {@code --} and a hashed one always contains {@code ---}, so the two forms
 * cannot collide, and two hashed ids only collide if their hashes do.
 */
public final class Names {
  public static final int MAX_LABEL = 63;
  static final String HASH_SEPARATOR = "---";
  static final int HASH_CHARS = 12;
  static final int SLUG_PREFIX_MAX = MAX_LABEL - HASH_SEPARATOR.length() - HASH_CHARS;

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  /** The prefix of every McpSession name the gateway creates. */
  public static final String SESSION_PREFIX = "mcp-";

  private Names() {}

  /** Whether {@code s} is a DNS-1123 label (lowercase alphanumerics and '-', ≤ 63). */
  public static boolean isDnsLabel(String s) {
    return s != null && DNS_LABEL.matcher(s).matches();
  }

  /** A DNS-safe, collision-free label for any non-empty id (see the class comment). */
  public static String safeSlug(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("an id to slug must not be empty");
    }
    if (isDnsLabel(id) && !id.contains("--")) {
      return id;
    }
    String prefix = NOT_SLUG.matcher(id.toLowerCase(Locale.ROOT)).replaceAll("-");
    prefix = trimDashes(prefix);
    if (prefix.length() > SLUG_PREFIX_MAX) {
      prefix = trimDashes(prefix.substring(0, SLUG_PREFIX_MAX));
    }
    if (prefix.isEmpty()) {
      prefix = "x";
    }
    return prefix + HASH_SEPARATOR + sha256Hex(id).substring(0, HASH_CHARS);
  }

  /** The slug of a user id, used in labels, PVC names and {@code {USER_ID}}. */
  public static String userSlug(String userId) {
    return safeSlug(userId);
  }

  /** The per-user home volume claim, shared by all of that user's sessions. */
  public static String homeClaimName(String userSlug) {
    return truncateLabel("home-" + userSlug);
  }

  /** The session pod; a session name is already a DNS label. */
  public static String podName(String sessionName) {
    return sessionName;
  }

  /** The Secret holding the runner's bearer token for one session. */
  public static String runnerSecretName(String sessionName) {
    return sessionName + "-runner";
  }

  /**
   * The Secret holding one credential of one user for one server: {@code cred-<server>.<user
   * slug>.<credential>}, one Secret each, so the gateway sets and deletes a credential by its name
   * alone, never reading a Secret. The credential part is its name in lower case with {@code _} as
   * {@code -} (names are {@code [A-Z_][A-Z0-9_]*}, so this is one to one); a name starting or
   * ending with {@code _} would give a label with a dash at an end, so it is {@code 0} and the
   * base32 of the name instead (a readable part always starts with a letter). Server and user parts
   * have no dot, so no two triples share a name, and the name is a DNS subdomain of at most 4 + 63
   * + 1 + 63 + 1 + 102 characters.
   */
  public static String credentialSecretName(String userSlug, String server, String credential) {
    if (!credential.matches(Credential.NAME_PATTERN)) {
      throw new IllegalArgumentException("not a credential name: " + credential);
    }
    String part = credential.toLowerCase(Locale.ROOT).replace('_', '-');
    if (part.startsWith("-") || part.endsWith("-")) {
      part = "0" + base32(credential.getBytes(StandardCharsets.US_ASCII));
    }
    return "cred-" + server + "." + userSlug + "." + part;
  }

  /** A fresh, unguessable session name (128 random bits, base32): {@code mcp-<26 chars>}. */
  public static String newSessionName() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return SESSION_PREFIX + base32(bytes);
  }

  /**
   * The deterministic session name for a stateless sandbox key: the same (user, server, client)
   * always maps to the same name, so concurrent creators converge on one object.
   */
  public static String statelessSessionName(String userId, String server, String clientId) {
    String key =
        userId.length() + ":" + userId + "|" + server.length() + ":" + server + "|" + clientId;
    byte[] digest = sha256(key);
    byte[] first16 = new byte[16];
    System.arraycopy(digest, 0, first16, 0, 16);
    return SESSION_PREFIX + base32(first16);
  }

  /** Whether {@code s} has the shape of a session name made by this class. */
  public static boolean isSessionName(String s) {
    return s != null
        && s.length() == SESSION_PREFIX.length() + 26
        && s.startsWith(SESSION_PREFIX)
        && s.substring(SESSION_PREFIX.length()).chars().allMatch(c -> indexOfBase32(c) >= 0);
  }

  private static int indexOfBase32(int c) {
    for (int i = 0; i < BASE32.length; i++) {
      if (BASE32[i] == c) {
        return i;
      }
    }
    return -1;
  }

  static String truncateLabel(String s) {
    return s.length() <= MAX_LABEL ? s : trimDashes(s.substring(0, MAX_LABEL));
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }

  private static String base32(byte[] bytes) {
    StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  private static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256(s));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
