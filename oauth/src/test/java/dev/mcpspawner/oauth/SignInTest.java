package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.oauth.testing.TestAuthServer;
import dev.mcpspawner.oauth.testing.TestingApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the sign-in mode from the environment, and refusing set-ups that cannot work. */
class SignInTest {
  static final String URL = "https://mcp.example.com";

  @Test
  void apiKeysIsTheDefaultAndHasNoVerifier() {
    SignIn s = SignIn.fromEnv(Map.of(), null, "ns", null, null, Clock.systemUTC());
    assertThat(s.mode()).isEqualTo(SignIn.Mode.API_KEYS);
    assertThat(s.verifier()).isEmpty();
  }

  @Test
  void builtinWithALocalUsersFileStartsTheAuthorizationServer(@TempDir Path dir) throws Exception {
    Path users = dir.resolve("users.yaml");
    Files.writeString(
        users,
        "users:\n  - username: alice\n    bcrypt: '"
            + dev.mcpspawner.oauth.login.LocalUsers.hash(TestAuthServer.PASSWORD)
            + "'\n");
    try (TestingApi api = new TestingApi();
        SignIn s =
            SignIn.fromEnv(
                Map.of(
                    "MCP_SPAWNER_AUTH_MODE",
                    "builtin",
                    "MCP_SPAWNER_OAUTH_USERS_FILE",
                    users.toString()),
                api.client(),
                TestingApi.NAMESPACE,
                URL,
                null,
                Clock.systemUTC())) {
      assertThat(s.mode()).isEqualTo(SignIn.Mode.BUILTIN);
      assertThat(s.verifier()).isPresent();
      assertThat(s.requiredScope()).isEqualTo("mcp");
    }
  }

  @Test
  void setUpsThatCannotWorkAreRefusedAtStart() {
    assertThatThrownBy(() -> withoutApi("oauth", URL))
        .hasMessageContaining("api-keys, builtin or external");
    assertThatThrownBy(() -> withoutApi("builtin", null))
        .hasMessageContaining("MCP_SPAWNER_PUBLIC_URL");
    assertThatThrownBy(() -> withoutApi("builtin", URL))
        .hasMessageContaining("nobody could sign in");
    assertThatThrownBy(() -> withoutApi("external", URL))
        .hasMessageContaining("MCP_SPAWNER_EXTERNAL_ISSUER");
  }

  @Test
  void accessTokenLifetimeIsReadInTheProjectsSyntaxAndAsIso8601() {
    var ttl = SignInOptions.OAUTH_ACCESS_TOKEN_TTL;
    assertThat(ttl.from(java.util.Map.of())).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(ttl.from(java.util.Map.of(ttl.name(), "30m")))
        .isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(ttl.from(java.util.Map.of(ttl.name(), "PT45M")))
        .isEqualTo(java.time.Duration.ofMinutes(45));
    assertThatThrownBy(() -> ttl.from(java.util.Map.of(ttl.name(), "PT")))
        .hasMessageStartingWith("MCP_SPAWNER_OAUTH_ACCESS_TOKEN_TTL: ");
    assertThatThrownBy(() -> ttl.from(java.util.Map.of(ttl.name(), "half an hour")))
        .hasMessageContaining("not a duration");
  }

  /** The sign-in of {@code mode} with no Kubernetes client, at the public URL {@code publicUrl}. */
  private static SignIn withoutApi(String mode, String publicUrl) {
    return SignIn.fromEnv(
        Map.of("MCP_SPAWNER_AUTH_MODE", mode), null, "ns", publicUrl, null, Clock.systemUTC());
  }
}
