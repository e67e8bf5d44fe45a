package dev.mcpspawner.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
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
      yaml.append("  - id: ")
          .append(idAndKey[i])
          .append("\n    user: ")
          .append(idAndKey[i])
          .append("@example.com\n    sha256: ")
          .append(StaticApiKeyAuthenticator.hash(idAndKey[i + 1]))
          .append('\n');
    }
    return yaml.toString();
  }

  /** As the kubelet updates a mounted Secret: a new file, then the link swapped to it. */
  Path mount(String name, String content) throws IOException {
    Path data = dir.resolve(name);
    Files.createDirectories(data);
    Files.writeString(data.resolve("keys.yaml"), content);
    Path link = dir.resolve("keys.yaml");
    Path tmp = dir.resolve("keys.yaml.tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, data.resolve("keys.yaml"));
    Files.move(
        tmp,
        link,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return link;
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
