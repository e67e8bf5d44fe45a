package dev.mcpspawner.local;

import static dev.mcpspawner.testing.MemoryGraph.entities;
import static dev.mcpspawner.testing.MemoryGraph.remember;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.local.testing.E2e;
import io.modelcontextprotocol.client.McpSyncClient;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 7: with a 3 s idle timeout the session and its process go away soon after the deadline;
 * the user's home data stays, and the next session sees it.
 */
class IdleTeardownTest {
  private static final String USER = "dave@example.com";
  @RegisterExtension static final E2e e2e = E2e.of(USER).activityInterval(Duration.ofMillis(500));

  @Test
  void anIdleSessionEndsAndItsHomeDataIsSeenByTheNextSession() throws Exception {
    McpSyncClient first = e2e.connect(USER, E2e.MEMORY_IDLE);
    remember(first, "kept-note", "written before the idle timeout");
    McpSession session = e2e.sessionOf(E2e.MEMORY_IDLE);
    String name = session.getMetadata().getName();
    String pod = session.getStatus().getPodName();
    assertThat(e2e.local().kubelet().process(pod)).isPresent();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              assertThat(e2e.session(name)).isNull();
              assertThat(e2e.local().kubelet().process(pod)).isEmpty();
              assertThat(e2e.pods()).noneMatch(p -> p.getMetadata().getName().equals(pod));
            });

    assertThat(Files.readString(e2e.home(USER).resolve("memory.jsonl"))).contains("kept-note");
    McpSyncClient next = e2e.connect(USER, E2e.MEMORY_IDLE);
    assertThat(entities(next)).contains("kept-note");
  }
}
