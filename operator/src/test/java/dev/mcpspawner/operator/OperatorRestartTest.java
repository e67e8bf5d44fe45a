package dev.mcpspawner.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator stopped in the middle of a burst and started again (as after a crash or a leader
 * change) rebuilds everything from the API: every session gets exactly one pod, no pod is left
 * without its session, and each user keeps one home claim.
 */
class OperatorRestartTest {
  static final String NS = "restart";
  static final int SESSIONS = 60;
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness =
        new OperatorHarness(OperatorRestartTest.class, NS)
            .configure(c -> c.leaderElection(NS, "operator-0"));
    harness.client().resource(Catalog.memory(NS)).create();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void operatorRestartedMidBurstConvergesWithoutDuplicatesOrOrphans() {
    harness.start();
    List<String> first = createSessions(0, SESSIONS / 2);
    OperatorHarness.await().until(() -> pods().size() >= 5);
    harness.stop();

    List<String> second = createSessions(SESSIONS / 2, SESSIONS);
    harness.start();

    OperatorHarness.await().until(() -> pods().size() == SESSIONS);
    Map<String, McpSession> sessions =
        harness.client().resources(McpSession.class).inNamespace(NS).list().getItems().stream()
            .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
    assertThat(sessions.keySet()).containsAll(first).containsAll(second).hasSize(SESSIONS);
    for (Pod pod : pods()) {
      McpSession owner = sessions.get(pod.getMetadata().getName());
      assertThat(owner).as("session of pod %s", pod.getMetadata().getName()).isNotNull();
      assertThat(pod.getMetadata().getOwnerReferences())
          .extracting(OwnerReference::getUid)
          .containsExactly(owner.getMetadata().getUid());
    }
    assertThat(harness.runnerSecrets()).hasSize(SESSIONS);
    // One runner key however many sessions raced (and the operator restarted).
    assertThat(harness.client().secrets().inNamespace(NS).withName(RunnerContract.KEY_SECRET).get())
        .isNotNull();
    // Ten users, one claim each, however many sessions raced to create it.
    assertThat(harness.client().persistentVolumeClaims().inNamespace(NS).list().getItems())
        .hasSize(10);
    assertThat(harness.client().leases().inNamespace(NS).withName(OperatorConfig.LEASE_NAME).get())
        .isNotNull();
  }

  private static List<String> createSessions(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> harness.create(Catalog.session(NS, "user-" + (i % 10), "memory")))
        .map(s -> s.getMetadata().getName())
        .toList();
  }

  private static List<Pod> pods() {
    return harness
        .client()
        .pods()
        .inNamespace(NS)
        .withLabel(McpSpawner.LABEL_COMPONENT, "session")
        .list()
        .getItems();
  }
}
