package dev.mcpspawner.local;

import static dev.mcpspawner.testing.MemoryGraph.entities;
import static dev.mcpspawner.testing.MemoryGraph.remember;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.local.testing.E2e;
import io.fabric8.kubernetes.api.model.Pod;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 5: the operator is stopped during a burst of new sessions and started again. Every
 * client gets its session; each session ends up with exactly one pod and one process, and no pod is
 * left without a session.
 */
class OperatorRestartTest {
  private static final String USER = "frank@example.com";
  private static final int BURST = 8;
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @Test
  void aBurstAcrossAnOperatorRestartConvergesWithoutOrphansOrDuplicates() throws Exception {
    List<Future<List<String>>> clients = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < BURST; i++) {
        String note = "burst-" + i;
        clients.add(
            pool.submit(
                () -> {
                  McpSyncClient c = e2e.connect(USER, "memory");
                  remember(c, note, "written by client " + note);
                  return entities(c);
                }));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !e2e.sessions().isEmpty());
      e2e.local().stopOperator();
      // The gateway goes on creating the burst's sessions with no operator to act on them.
      await().atMost(Duration.ofSeconds(60)).until(() -> e2e.sessions().size() == BURST);
      assertThat(e2e.sessions())
          .as("the restart comes mid-burst: some sessions are still waiting for their pod")
          .anyMatch(s -> s.getStatus() == null || s.getStatus().getPhase() != SessionPhase.Ready);
      e2e.local().startOperator();

      for (int i = 0; i < BURST; i++) {
        assertThat(clients.get(i).get()).containsExactly("burst-" + i);
      }
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<McpSession> sessions = e2e.sessions();
              List<Pod> pods = e2e.pods();
              assertThat(sessions).hasSize(BURST);
              assertThat(sessions).allMatch(s -> s.getStatus().getPhase() == SessionPhase.Ready);
              Map<String, Long> podsPerSession =
                  pods.stream()
                      .collect(
                          Collectors.groupingBy(
                              p -> p.getMetadata().getLabels().get(McpSpawner.LABEL_SESSION),
                              Collectors.counting()));
              Set<String> sessionNames =
                  sessions.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
              assertThat(podsPerSession.keySet()).isEqualTo(sessionNames);
              assertThat(podsPerSession.values()).allMatch(n -> n == 1);
              assertThat(e2e.local().kubelet().runningPods())
                  .isEqualTo(
                      pods.stream()
                          .map(p -> p.getMetadata().getName())
                          .collect(Collectors.toSet()));
            });
  }
}
