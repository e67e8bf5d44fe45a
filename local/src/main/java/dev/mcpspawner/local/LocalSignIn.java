package dev.mcpspawner.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.LocalUsers.LocalUser;
import dev.mcpspawner.oauth.store.Ids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local mode's built-in sign-in ({@code --auth builtin}): the gateway's own OAuth authorization
 * server, as Claude.ai, Claude Desktop's {@code mcp-remote} and the MCP Inspector use it, with one
 * password per local user. Passwords are kept in {@code <data>/passwords/<user>} (mode 0600) so
 * that a browser's saved password keeps working; the users file the server reads holds their bcrypt
 * hashes only.
 */
public final class LocalSignIn {
  /** {@code --auth}: how local mode's clients sign in. */
  public enum Mode {
    /** Static API keys only (the default). */
    API_KEYS,
    /** The built-in OAuth authorization server, and the API keys as well. */
    BUILTIN;

    public static Mode parse(String value) {
      return switch (value) {
        case "api-keys" -> API_KEYS;
        case "builtin" -> BUILTIN;
        default ->
            throw new IllegalArgumentException("must be api-keys or builtin, not '" + value + "'");
      };
    }
  }

  private LocalSignIn() {}

  /** A new random password: 144 bits, 24 characters a person can copy from a terminal. */
  public static String newPassword() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.randomBytes(18));
  }

  /** The password kept for each of {@code users} under {@code dir}, made on first use. */
  public static Map<String, String> passwords(List<String> users, Path dir) throws IOException {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String raw : users) {
      String user = raw.strip();
      passwords.put(user, LocalApiKeys.keptSecret(dir.resolve(user), LocalSignIn::newPassword));
    }
    return passwords;
  }

  /**
   * Writes the authorization server's users file for {@code passwords} (user → password): bcrypt
   * hashes, and the first user in {@link LocalSettings#ADMIN_GROUP}, as with API keys. Replaced
   * whole, so the server's watcher never reads half a file.
   */
  public static Path writeUsersFile(Path file, Map<String, String> passwords) throws IOException {
    List<LocalUser> users = new ArrayList<>();
    passwords.forEach(
        (user, password) ->
            users.add(
                new LocalUser(
                    user,
                    LocalUsers.hash(password),
                    user,
                    null,
                    users.isEmpty() ? List.of(LocalSettings.ADMIN_GROUP) : List.of())));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    Files.createFile(partial);
    try {
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX filesystem: nothing finer to set
    }
    new ObjectMapper(new YAMLFactory()).writeValue(partial.toFile(), Map.of("users", users));
    return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
  }
}
