package dev.mcpspawner.oauth.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.oauth.testing.MountedSecret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in sign-in's users file, mounted from a Secret, is read again when it changes. */
class LocalUsersReloadTest {
  static final Duration EVERY = Duration.ofSeconds(2);
  static String aliceHash;
  static String bobHash;
  final AtomicLong now = new AtomicLong();

  @TempDir Path dir;

  @BeforeAll
  static void hashes() {
    aliceHash = LocalUsers.hash("alice-password");
    bobHash = LocalUsers.hash("bob-password");
  }

  static String users(String... nameAndHash) {
    StringBuilder yaml = new StringBuilder("users:\n");
    for (int i = 0; i < nameAndHash.length; i += 2) {
      yaml.append(
          "  - username: %s\n    bcrypt: \"%s\"\n".formatted(nameAndHash[i], nameAndHash[i + 1]));
    }
    return yaml.toString();
  }

  /** As the kubelet updates a mounted Secret: a new file, then the link swapped to it. */
  Path mount(String version, String content) throws IOException {
    return MountedSecret.update(dir, "users.yaml", version, content);
  }

  @Test
  void aUserRemovedFromTheSecretCannotSignInAfterTheNextCheck() throws IOException {
    Path file = mount("v1", users("alice", aliceHash, "bob", bobHash));
    LocalUsers users = LocalUsers.watching(file, EVERY, now::get);
    assertThat(users.authenticate("bob", "bob-password")).isPresent();

    mount("v2", users("alice", aliceHash));
    assertThat(users.authenticate("bob", "bob-password")).as("not looked at yet").isPresent();
    now.addAndGet(EVERY.toNanos());
    assertThat(users.authenticate("bob", "bob-password")).isEmpty();
    assertThat(users.authenticate("alice", "alice-password")).isPresent();
  }

  @Test
  void aBrokenNewVersionKeepsTheUsersReadBefore() throws IOException {
    Path file = mount("v1", users("alice", aliceHash));
    LocalUsers users = LocalUsers.watching(file, EVERY, now::get);
    mount("v2", "users: [ {username: broken");
    now.addAndGet(EVERY.toNanos());
    assertThat(users.authenticate("alice", "alice-password")).isPresent();
    mount("v3", users("bob", bobHash));
    now.addAndGet(EVERY.toNanos());
    assertThat(users.authenticate("bob", "bob-password")).isPresent();
    assertThat(users.authenticate("alice", "alice-password")).isEmpty();
  }
}
