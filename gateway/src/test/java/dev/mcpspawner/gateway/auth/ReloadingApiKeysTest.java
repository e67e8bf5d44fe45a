package dev.mcpspawner.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.oauth.testing.MountedSecret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingApiKeysTest {
  static final Duration EVERY = Duration.ofSeconds(2);
  final AtomicLong now = new AtomicLong();

  @TempDir Path dir;

  static String keys(String... idAndKey) {
    StringBuilder yaml = new StringBuilder("keys:\n");
    for (int i = 0; i < idAndKey.length; i += 2) {
      String id = idAndKey[i];
      String sha256 = StaticApiKeyAuthenticator.hash(idAndKey[i + 1]);
      yaml.append(
          "  - id: %s\n    user: %s@example.com\n    sha256: %s\n".formatted(id, id, sha256));
    }
    return yaml.toString();
  }

  /** As the kubelet updates a mounted Secret: a new file, then the link swapped to it. */
  Path mount(String version, String content) throws IOException {
    return MountedSecret.update(dir, "keys.yaml", version, content);
  }

  @Test
  void aKeyRemovedFromTheMountedSecretStopsWorkingAtTheNextCheck() throws IOException {
    Path file = mount("v1", keys("alice", "alice-key-0123456789", "bob", "bob-key-0123456789"));
    ReloadingApiKeys keys = new ReloadingApiKeys(file, EVERY, now::get);
    assertThat(keys.authenticate("Bearer bob-key-0123456789").userId())
        .isEqualTo("bob@example.com");

    mount("v2", keys("alice", "alice-key-0123456789"));
    // Within the check interval the file is not looked at.
    assertThat(keys.authenticate("Bearer bob-key-0123456789").userId())
        .isEqualTo("bob@example.com");
    now.addAndGet(EVERY.toNanos());
    assertThatThrownBy(() -> keys.authenticate("Bearer bob-key-0123456789"))
        .isInstanceOf(NotAuthenticatedException.class);
    assertThat(keys.authenticate("Bearer alice-key-0123456789").userId())
        .isEqualTo("alice@example.com");
  }

  @Test
  void aFileThatNoLongerParsesKeepsTheKeysReadBefore() throws IOException {
    Path file = mount("v1", keys("alice", "alice-key-0123456789"));
    ReloadingApiKeys keys = new ReloadingApiKeys(file, EVERY, now::get);
    mount("v2", "keys: [ {id: broken");
    now.addAndGet(EVERY.toNanos());
    assertThat(keys.authenticate("Bearer alice-key-0123456789").userId())
        .isEqualTo("alice@example.com");
    mount("v3", keys("carol", "carol-key-0123456789"));
    now.addAndGet(EVERY.toNanos());
    assertThat(keys.authenticate("Bearer carol-key-0123456789").userId())
        .isEqualTo("carol@example.com");
  }
}
