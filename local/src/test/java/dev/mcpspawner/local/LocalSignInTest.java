package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.UserIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --auth builtin}'s passwords and the users file the authorization server reads. */
class LocalSignInTest {
  @TempDir Path data;

  @Test
  void eachUserKeepsTheirPasswordAcrossRestartsInAFileOnlyTheyCanRead() throws Exception {
    Path dir = data.resolve("passwords");
    Map<String, String> first = LocalSignIn.passwords(List.of("root", " bob"), dir);
    assertThat(first).containsOnlyKeys("root", "bob");
    assertThat(first.get("root")).hasSize(24).isNotEqualTo(first.get("bob"));
    assertThat(LocalSignIn.passwords(List.of("root", "bob"), dir)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root"))))
        .isEqualTo("rw-------");
  }

  @Test
  void theUsersFileSignsInWithThePrintedPasswordsAndTheFirstUserIsAnAdministrator()
      throws Exception {
    Map<String, String> passwords = LocalSignIn.passwords(List.of("root", "bob"), data);
    Path file = LocalSignIn.writeUsersFile(data.resolve("oauth-users.yaml"), passwords);

    assertThat(Files.readString(file)).doesNotContain(passwords.get("root"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    LocalUsers users = LocalUsers.fromFile(file);
    assertThat(users.authenticate("root", passwords.get("root")))
        .map(UserIdentity::groups)
        .contains(List.of(LocalSettings.ADMIN_GROUP));
    assertThat(users.authenticate("bob", passwords.get("bob")))
        .map(UserIdentity::groups)
        .contains(List.of());
    assertThat(users.authenticate("bob", passwords.get("root"))).isEmpty();
  }

  @Test
  void anUnknownAuthModeIsRefusedByName() {
    assertThat(LocalSignIn.Mode.parse("builtin")).isEqualTo(LocalSignIn.Mode.BUILTIN);
    assertThatThrownBy(() -> LocalSignIn.Mode.parse("oauth"))
        .hasMessageContaining("api-keys or builtin, not 'oauth'");
  }
}
