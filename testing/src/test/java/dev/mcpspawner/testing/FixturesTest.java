package dev.mcpspawner.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FixturesTest {
  @Test
  void theRepositorysFixturesAreFoundFromAModuleDirectory() {
    assertThat(Fixtures.dir()).isEqualTo(Path.of("../fixtures").toAbsolutePath());
    assertThat(Fixtures.npm().resolve("package-lock.json")).exists();
    assertThat(Fixtures.stdioServer("probe-server.mjs")).exists();
    String everything = Fixtures.everythingServer().get(1);
    assertThat(Path.of(everything)).exists().isAbsolute();
    assertThat(Fixtures.everythingServer()).startsWith("node").endsWith("stdio");
  }

  @Test
  void aMissingServerSaysWhatToRun() {
    assertThatThrownBy(() -> Fixtures.mcpServerScript("server-that-is-not-pinned"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run npm ci in")
        .hasMessageContaining("server-that-is-not-pinned");
    assertThat(Files.isDirectory(Fixtures.npmModule("@modelcontextprotocol/server-memory")))
        .isTrue();
  }
}
