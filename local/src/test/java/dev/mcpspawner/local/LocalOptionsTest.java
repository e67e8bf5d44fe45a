package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.testing.OptionChecks;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {
  private static LocalOptions.Settings settings(String... argv) {
    return (LocalOptions.Settings) LocalOptions.parse(argv);
  }

  @Test
  void flagsAreReadInBothFormsAndUnsetOnesKeepTheirDefaults() {
    LocalOptions.Settings s = settings("--port", "9090", "--users=ana,bob", "--auth", "builtin");
    assertThat(s.get(LocalOptions.PORT)).isEqualTo(9090);
    assertThat(s.get(LocalOptions.USERS)).containsExactly("ana", "bob");
    assertThat(LocalOptions.userList(s)).containsExactly("ana", "bob");
    assertThat(s.get(LocalOptions.AUTH)).isEqualTo(LocalSignIn.Mode.BUILTIN);
    assertThat(s.get(LocalOptions.API_PORT)).isZero();
    assertThat(s.get(LocalOptions.DATA_DIR)).isEqualTo(Path.of("local-data"));
    assertThat(s.get(LocalOptions.NPM_DIR)).isNull();
  }

  @Test
  void anUnknownFlagAMissingValueOrABadValueIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> LocalOptions.parse("--prot", "8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--prot");
    assertThatThrownBy(() -> LocalOptions.parse("--port"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> LocalOptions.parse("--port", "80x"))
        .hasMessageStartingWith("--port: ");
    assertThatThrownBy(() -> LocalOptions.parse("--port", "70000"))
        .hasMessageStartingWith("--port: ");
    assertThatThrownBy(() -> LocalOptions.parse("--auth", "oauth"))
        .hasMessageStartingWith("--auth: ")
        .hasMessageContaining("api-keys or builtin");
    assertThatThrownBy(() -> LocalOptions.parse("stray"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stray");
  }

  @Test
  void aUserNameThatWouldLeaveItsDirectoryIsRefused() {
    for (String bad : new String[] {"../etc", "a/b", ".hidden", "x y", ","}) {
      assertThatThrownBy(() -> LocalOptions.parse("--users", bad))
          .as(bad)
          .hasMessageStartingWith("--users: ");
    }
    assertThat(settings("--users", "root@example.com, bob+1").get(LocalOptions.USERS))
        .containsExactly("root@example.com", "bob+1");
  }

  @Test
  void theHelpAndTheReadmeNameEveryFlagWithItsDefault() throws Exception {
    String help = ((LocalOptions.Help) LocalOptions.parse("--help")).text();
    for (Option<?> o : LocalOptions.ALL.all()) {
      assertThat(help).contains(LocalOptions.flag(o));
      if (o.fallback() != null) {
        assertThat(help).contains("(default " + o.fallback() + ")");
      }
    }
    OptionChecks.assertReadmeCarries(Path.of("README.md"), LocalOptions.markdownTable());
  }
}
