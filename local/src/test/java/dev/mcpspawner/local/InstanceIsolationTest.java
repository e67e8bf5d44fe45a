package dev.mcpspawner.local;

import static dev.mcpspawner.testing.MemoryGraph.entities;
import static dev.mcpspawner.testing.MemoryGraph.remember;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.StatelessClient;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 1 (the seed's Phase 1): one user, two client instances on the memory server. With
 * per-instance paths each sees only its own graph; with per-user paths they share one.
 */
class InstanceIsolationTest {
  private static final String ALICE = "alice@example.com";
  @RegisterExtension static final E2e e2e = E2e.of("alice@example.com");

  @Test
  void twoInstancesWithPerInstancePathsSeeOnlyTheirOwnGraph() {
    McpSyncClient desktop = e2e.connect("alice@example.com", "memory");
    McpSyncClient web = e2e.connect("alice@example.com", "memory");

    remember(desktop, "desktop-note", "written by the desktop instance");
    remember(web, "web-note", "written by the web instance");

    assertThat(entities(desktop)).containsExactly("desktop-note");
    assertThat(entities(web)).containsExactly("web-note");
  }

  @Test
  void twoStatelessClientsOfOneUserGetSandboxesOfTheirOwnWithPerInstancePaths() throws Exception {
    StatelessClient laptop = new StatelessClient(e2e.local().mcpUrl("memory"), e2e.key(ALICE));
    StatelessClient desktop =
        new StatelessClient(e2e.local().mcpUrl("memory"), e2e.key(ALICE + "-2"));

    laptop.remember("laptop-note");
    desktop.remember("desktop-stateless-note");

    assertThat(laptop.entities()).containsExactly("laptop-note");
    assertThat(desktop.entities()).containsExactly("desktop-stateless-note");
  }

  @Test
  void twoStatelessClientsOfOneUserShareTheGraphWithPerUserPaths() throws Exception {
    StatelessClient laptop =
        new StatelessClient(e2e.local().mcpUrl("memory-shared"), e2e.key(ALICE));
    StatelessClient desktop =
        new StatelessClient(e2e.local().mcpUrl("memory-shared"), e2e.key(ALICE + "-2"));

    laptop.remember("stateless-shared-note");

    assertThat(desktop.entities()).contains("stateless-shared-note");
  }

  @Test
  void eachInstanceIsAnMcpSessionWithAPodAndAProcessOfItsOwn() {
    List<String> before = e2e.sessions().stream().map(s -> s.getMetadata().getName()).toList();
    e2e.connect("alice@example.com", "memory");
    e2e.connect("alice@example.com", "memory");

    List<McpSession> mine =
        e2e.sessions().stream().filter(s -> !before.contains(s.getMetadata().getName())).toList();
    assertThat(mine).hasSize(2);
    for (McpSession s : mine) {
      assertThat(s.getSpec().getUser()).isEqualTo("alice@example.com");
      assertThat(s.getStatus().getEndpoint()).startsWith("http://127.");
      assertThat(e2e.local().kubelet().process(s.getStatus().getPodName())).isPresent();
    }
    assertThat(mine.get(0).getStatus().getEndpoint())
        .isNotEqualTo(mine.get(1).getStatus().getEndpoint());
  }

  @Test
  void twoInstancesWithPerUserPathsShareTheGraphOnTheUsersHome() throws Exception {
    McpSyncClient desktop = e2e.connect("alice@example.com", "memory-shared");
    McpSyncClient web = e2e.connect("alice@example.com", "memory-shared");

    remember(desktop, "shared-note", "written by the desktop instance");

    assertThat(entities(web)).contains("shared-note");
    assertThat(Files.readString(e2e.home("alice@example.com").resolve("memory.jsonl")))
        .contains("shared-note");
  }
}
