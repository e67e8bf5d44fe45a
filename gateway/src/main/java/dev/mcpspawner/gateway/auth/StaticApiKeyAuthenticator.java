package dev.mcpspawner.gateway.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static API keys for automation, presented as {@code Authorization: Bearer <key>}. Only the
 * SHA-256 of each key is stored (keys are long random strings, so an unsalted hash is enough).
 *
 * <p>The keys file ({@code MCP_SPAWNER_API_KEYS_FILE}, a mounted Secret key) is YAML (or JSON,
 * which is YAML too); it is read once at start:
 *
 * <pre>{@code
 * keys:
 *   - id: ci-bot                      # key id: logged, and the stateless client identity
 *     sha256: 9f86d081884c7d65…       # hex SHA-256 of the key: printf %s "$KEY" | sha256sum
 *     user: alice@example.com         # the user the key acts as
 *     groups: [mcp-admins]            # optional
 *     servers: [memory, filesystem]   # optional: servers the key may use (default: all)
 * }</pre>
 */
public final class StaticApiKeyAuthenticator implements Authenticator {
  private static final String BEARER = "Bearer ";

  /** One entry of the keys file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ApiKey(
      String id, String sha256, String user, List<String> groups, List<String> servers) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record KeysFile(List<ApiKey> keys) {}

  private final Map<String, Principal> byHash;

  public StaticApiKeyAuthenticator(List<ApiKey> keys) {
    Map<String, Principal> map = new HashMap<>();
    for (ApiKey key : keys) {
      if (key.id() == null || key.user() == null || key.sha256() == null) {
        throw new IllegalArgumentException("every API key needs id, sha256 and user");
      }
      String hash = key.sha256().trim().toLowerCase();
      if (hash.length() != 64 || !hash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new IllegalArgumentException("API key " + key.id() + ": sha256 must be 64 hex chars");
      }
      map.put(
          hash,
          new Principal(
              key.user(),
              Set.copyOf(key.groups() == null ? List.of() : key.groups()),
              key.id(),
              Set.copyOf(key.servers() == null ? List.of() : key.servers())));
    }
    this.byHash = Map.copyOf(map);
  }

  public static StaticApiKeyAuthenticator fromFile(Path file) {
    try {
      KeysFile parsed =
          new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), KeysFile.class);
      return new StaticApiKeyAuthenticator(parsed.keys() == null ? List.of() : parsed.keys());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read API keys file " + file, e);
    }
  }

  /** The hex SHA-256 of a key, as the keys file stores it. */
  public static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Principal authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new NotAuthenticatedException("no credentials", false);
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new NotAuthenticatedException("not a bearer token", true);
    }
    String key = authorization.substring(BEARER.length()).trim();
    if (key.isEmpty() || key.length() > 512) {
      throw new NotAuthenticatedException("malformed bearer token", true);
    }
    // A map lookup on the hash: the hash is not secret, so its lookup leaks nothing useful.
    Principal principal = byHash.get(hash(key));
    if (principal == null) {
      throw new NotAuthenticatedException("unknown API key", true);
    }
    return principal;
  }
}
