package dev.mcpspawner.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticApiKeyAuthenticatorTest {
  @Test
  void keysFileMapsHashedKeysToUsersGroupsAndKeyIds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys.yaml");
    Files.writeString(
        file,
        """
        keys:
          - id: ci-bot
            sha256: %s
            user: alice@example.com
            groups: [mcp-admins]
            servers: [memory]
        """
            .formatted(StaticApiKeyAuthenticator.hash("s3cret-key")));
    Authenticator auth = StaticApiKeyAuthenticator.fromFile(file);

    Principal p = auth.authenticate("Bearer s3cret-key");
    assertThat(p.userId()).isEqualTo("alice@example.com");
    assertThat(p.clientId()).isEqualTo("ci-bot");
    assertThat(p.groups()).containsExactly("mcp-admins");
    assertThat(p.mayUse("memory")).isTrue();
    assertThat(p.mayUse("filesystem")).isFalse();
    assertThat(Files.readString(file)).doesNotContain("s3cret-key");
  }

  @Test
  void missingWrongAndNonBearerCredentialsAreRejected() {
    Authenticator auth = new StaticApiKeyAuthenticator(java.util.List.of());
    assertThatThrownBy(() -> auth.authenticate(null))
        .isInstanceOfSatisfying(
            NotAuthenticatedException.class, e -> assertThat(e.credentialsPresented()).isFalse());
    assertThatThrownBy(() -> auth.authenticate("Bearer nope"))
        .isInstanceOfSatisfying(
            NotAuthenticatedException.class, e -> assertThat(e.credentialsPresented()).isTrue());
    assertThatThrownBy(() -> auth.authenticate("Basic YTpi"))
        .isInstanceOf(NotAuthenticatedException.class);
  }
}
