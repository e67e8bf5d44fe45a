package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.testing.MemoryGraph;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 6: the MCP server crashes mid-call. The client gets an error, the session ends Failed
 * with the server's exit code and stderr tail, and a new session works.
 */
class ServerCrashTest {
  private static final String USER = "carol@example.com";
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @Test
  void aCrashMidCallFailsTheCallAndTheSessionAndANewSessionWorks() {
    Set<String> before = names(e2e.sessions());
    McpSyncClient client = e2e.connect(USER, E2e.CRASHY);
    assertThat(echo(client, "before the crash")).isEqualTo("before the crash");
    String session =
        e2e.sessions().stream()
            .map(s -> s.getMetadata().getName())
            .filter(n -> !before.contains(n))
            .findFirst()
            .orElseThrow();

    Throwable failure =
        catchThrowable(
            () -> {
              McpSchema.CallToolResult r =
                  client.callTool(new McpSchema.CallToolRequest("crash", Map.of()));
              if (!Boolean.TRUE.equals(r.isError())) {
                throw new AssertionError("the crashing call answered " + r);
              }
            });
    assertThat(failure).isNotInstanceOf(AssertionError.class);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              McpSession s = e2e.session(session);
              assertThat(s).isNotNull();
              assertThat(s.getStatus().getPhase()).isEqualTo(SessionPhase.Failed);
              assertThat(s.getStatus().getExitCode()).isEqualTo(3);
              assertThat(s.getStatus().getStderrTail())
                  .contains("FATAL: the disk is on fire (simulated crash)");
            });
    assertThat(e2e.local().kubelet().process(e2e.session(session).getStatus().getPodName()))
        .isEmpty();

    McpSyncClient again = e2e.connect(USER, E2e.CRASHY);
    assertThat(echo(again, "after the crash")).isEqualTo("after the crash");
  }

  private static String echo(McpSyncClient client, String text) {
    return MemoryGraph.text(
        client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", text))));
  }

  private static Set<String> names(List<McpSession> sessions) {
    return sessions.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
  }
}
