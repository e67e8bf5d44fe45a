package dev.mcpspawner.local.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalCatalogTest {
  private static final Path NPM = Fixtures.npm().normalize();

  @Test
  void theExampleCatalogIsPackedWithItsPinnedPackages() throws Exception {
    List<McpServer> servers = LocalCatalog.examples();

    assertThat(servers)
        .extracting(s -> s.getMetadata().getName())
        .contains("memory", "memory-shared", "filesystem", "everything");
    assertThat(LocalCatalog.pinnedPackages(servers))
        .containsKeys(
            "@modelcontextprotocol/server-memory",
            "@modelcontextprotocol/server-filesystem",
            "@modelcontextprotocol/server-everything");
  }

  @Test
  void npxEntriesRunTheInstalledScriptWithNodeAndKeepTheirArguments() throws Exception {
    List<McpServer> servers = LocalCatalog.offline(LocalCatalog.examples(), new NpmPackages(NPM));

    McpServer filesystem =
        servers.stream()
            .filter(s -> s.getMetadata().getName().equals("filesystem"))
            .findFirst()
            .orElseThrow();
    assertThat(filesystem.getSpec().getCommand()).endsWith("node");
    assertThat(filesystem.getSpec().getArgs().get(0))
        .startsWith(NPM.toString())
        .contains("server-filesystem");
    assertThat(filesystem.getSpec().getArgs()).endsWith("{USER_DIR}");
    McpServer everything =
        servers.stream()
            .filter(s -> s.getMetadata().getName().equals("everything"))
            .findFirst()
            .orElseThrow();
    assertThat(everything.getSpec().getArgs()).endsWith("stdio");
  }
}
