package dev.mcpspawner.oauth.login;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mcpspawner.oauth.config.WatchedFile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Users who sign in with a password. The users file (YAML, a key of a Secret, mounted or read
 * through the API) holds bcrypt hashes only:
 *
 * <pre>{@code
 * users:
 *   - username: alice
 *     bcrypt: $2y$12$…        # htpasswd -nbBC 12 "" 'password' | cut -d: -f2
 *     name: Alice Example
 *     email: alice@example.com
 *     groups: [mcp-admins]
 * }</pre>
 */
public final class LocalUsers {
  /** One entry of the users file. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LocalUser(
      String username, String bcrypt, String name, String email, List<String> groups) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record UsersFile(List<LocalUser> users) {}

  // Checked when the user does not exist, so that a miss costs as much as a wrong password.
  private static final byte[] DUMMY =
      BCrypt.withDefaults().hash(12, "not a password".toCharArray());

  private final Supplier<Map<String, LocalUser>> byName;

  public LocalUsers(List<LocalUser> users) {
    Map<String, LocalUser> map = index(users);
    this.byName = () -> map;
  }

  private LocalUsers(Supplier<Map<String, LocalUser>> byName) {
    this.byName = byName;
  }

  private static Map<String, LocalUser> index(List<LocalUser> users) {
    Map<String, LocalUser> map = new HashMap<>();
    for (LocalUser u : users) {
      if (u.username() == null || u.bcrypt() == null || !u.bcrypt().startsWith("$2")) {
        throw new IllegalArgumentException("every local user needs a username and a bcrypt hash");
      }
      map.put(u.username(), u);
    }
    return Map.copyOf(map);
  }

  /**
   * The users of a mounted file, read again when it changes (looked at once per {@code
   * checkEvery}): a user removed from the Secret can no longer sign in, without a restart.
   */
  public static LocalUsers watching(Path file, Duration checkEvery, LongSupplier nanoTime) {
    WatchedFile<Map<String, LocalUser>> watched =
        new WatchedFile<>(file, "local users", f -> fromFile(f).byName.get(), checkEvery, nanoTime);
    return new LocalUsers(watched::current);
  }

  public static LocalUsers parse(byte[] yaml) {
    try {
      UsersFile f = new ObjectMapper(new YAMLFactory()).readValue(yaml, UsersFile.class);
      return new LocalUsers(f == null || f.users() == null ? List.of() : f.users());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the local users file", e);
    }
  }

  public static LocalUsers fromFile(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads the users from one key of a Secret. */
  public static LocalUsers fromSecret(
      KubernetesClient client, String namespace, String name, String key) {
    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
    if (s == null || s.getData() == null || !s.getData().containsKey(key)) {
      throw new IllegalStateException("Secret " + name + " has no key " + key);
    }
    return parse(Base64.getDecoder().decode(s.getData().get(key)));
  }

  public static String hash(String password) {
    return BCrypt.withDefaults().hashToString(12, password.toCharArray());
  }

  public boolean isEmpty() {
    return byName.get().isEmpty();
  }

  public Optional<UserIdentity> authenticate(String username, String password) {
    if (username == null || password == null || password.length() > 256) {
      return Optional.empty();
    }
    LocalUser user = byName.get().get(username);
    byte[] hash = user == null ? DUMMY : user.bcrypt().getBytes(StandardCharsets.UTF_8);
    boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    if (user == null || !ok) {
      return Optional.empty();
    }
    return Optional.of(new UserIdentity(user.username(), user.name(), user.email(), user.groups()));
  }
}
