package dev.mcpspawner.local;

import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator.ApiKey;
import dev.mcpspawner.oauth.store.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * One API key per local user, generated on first start and kept in {@code <data>/api-keys/<user>}
 * (mode 0600) so that a configured client keeps working across restarts.
 */
public final class LocalApiKeys {
  private LocalApiKeys() {}

  /** A new random key: {@code mcpk_} and 256 bits in hex. */
  public static String newKey() {
    return "mcpk_" + HexFormat.of().formatHex(Ids.randomBytes(32));
  }

  /** The gateway's entry for {@code key} (named {@code id}), acting as {@code user}. */
  public static ApiKey entry(String id, String user, String key) {
    return new ApiKey(id, StaticApiKeyAuthenticator.hash(key), user, List.of(), null);
  }

  /** The same, for a member of {@code groups} (local mode's first user is an administrator). */
  public static ApiKey entry(String id, String user, String key, List<String> groups) {
    return new ApiKey(id, StaticApiKeyAuthenticator.hash(key), user, List.copyOf(groups), null);
  }

  /** The key kept for {@code user} under {@code dir}, created if there is none. */
  public static String keyFor(Path dir, String user) throws IOException {
    return keptSecret(dir.resolve(user), LocalApiKeys::newKey);
  }

  /**
   * The secret kept in {@code file}, or a new one from {@code make} written there (mode 0600) so
   * that what a person configured with it keeps working across restarts.
   */
  static String keptSecret(Path file, Supplier<String> make) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    Files.createDirectories(file.getParent());
    String secret = make.get();
    Files.writeString(file, "", StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX filesystem: nothing finer to set
    }
    Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    return secret;
  }
}
