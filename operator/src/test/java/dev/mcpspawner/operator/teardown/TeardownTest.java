package dev.mcpspawner.operator.teardown;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.Storage;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions end at their idle and lifetime deadlines, driven by a clock the test moves. */
class TeardownTest {
  static final String NS = "teardown";

  @RegisterExtension
  static final OperatorHarness harness = new OperatorHarness(NS).before(TeardownTest::catalog);

  private static void catalog(KubernetesClient client) {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    spec.setIdleTimeout("30m");
    spec.setMaxLifetime("2h");
    spec.setStorage(new Storage());
    client.resource(Catalog.server(NS, "notes", spec)).create();
  }

  @Test
  void sessionIdlePastItsIdleTimeoutIsEndedAndItsHomeClaimStays() {
    String name = readySession("kate");

    // Activity at 29m keeps it alive past the 30m that readyAt alone would give it.
    harness.clock.advance(Duration.ofMinutes(29));
    reportActivity(name);
    harness.clock.advance(Duration.ofMinutes(2));
    McpSession stillThere = reportActivity(name);
    assertThat(stillThere.getStatus().getPhase()).isEqualTo(SessionPhase.Ready);

    harness.clock.advance(Duration.ofMinutes(31));

    harness.awaitGone(name);
    Event ended = event(name, "IdleTimeout");
    assertThat(ended.getMessage()).contains("idle timeout");
    assertThat(
            harness.client().persistentVolumeClaims().inNamespace(NS).withName("home-kate").get())
        .isNotNull();
  }

  @Test
  void sessionOlderThanItsMaxLifetimeIsEndedEvenWhenActive() {
    String name = readySession("leo");
    for (int i = 0; i < 4; i++) {
      harness.clock.advance(Duration.ofMinutes(25));
      reportActivity(name);
    }
    harness.clock.advance(Duration.ofMinutes(21));

    harness.awaitGone(name);
    assertThat(event(name, "MaxLifetime").getMessage()).contains("maximum lifetime");
    assertThat(events(name)).noneMatch(e -> e.getReason().equals("IdleTimeout"));
  }

  @Test
  void startingSessionIsGovernedByItsStartDeadlineNotItsIdleTimeout() {
    String name = harness.create(Catalog.session(NS, "mia", "notes")).getMetadata().getName();
    harness.awaitPhase(name, SessionPhase.Starting);

    harness.clock.advance(harness.config().startTimeout().plusSeconds(1));

    McpSession failed = harness.awaitPhase(name, SessionPhase.Failed);
    assertThat(failed.getStatus().getReason()).isEqualTo("StartTimeout");
    assertThat(events(name)).noneMatch(e -> e.getReason().equals("IdleTimeout"));
  }

  @Test
  void deadlinesComeFromTheReadyTimeTheLastActivityAndTheStartTime() {
    var status = new dev.mcpspawner.crds.McpSessionStatus();
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
    status.setPhase(SessionPhase.Ready);
    status.setStartedAt(Timestamps.format(t0));
    status.setReadyAt(Timestamps.format(t0.plusSeconds(5)));
    Duration idle = Duration.ofMinutes(30);
    Duration life = Duration.ofHours(8);
    Duration ttl = Duration.ofMinutes(10);

    var fromReady = SessionDeadlines.of(status, java.util.Optional.empty(), idle, life, ttl);
    var fromActivity =
        SessionDeadlines.of(
            status, java.util.Optional.of(t0.plus(Duration.ofHours(1))), idle, life, ttl);

    assertThat(fromReady.idle()).contains(t0.plusSeconds(5).plus(idle));
    assertThat(fromActivity.idle()).contains(t0.plus(Duration.ofMinutes(90)));
    assertThat(fromActivity.maxLifetime()).contains(t0.plus(life));
    assertThat(fromActivity.next(t0.plus(Duration.ofMinutes(2))))
        .contains(t0.plus(Duration.ofMinutes(90)));
    assertThat(fromActivity.due(t0.plus(Duration.ofMinutes(89)))).isEmpty();
    assertThat(fromActivity.due(t0.plus(Duration.ofMinutes(90))))
        .contains(TeardownReason.IdleTimeout);
    assertThat(fromActivity.due(t0.plus(life))).contains(TeardownReason.MaxLifetime);
  }

  private static String readySession(String user) {
    String name = harness.create(Catalog.session(NS, user, "notes")).getMetadata().getName();
    harness.awaitPod(name);
    harness.kubelet.ready(name);
    harness.awaitPhase(name, SessionPhase.Ready);
    return name;
  }

  /** What the gateway does: writes the last-activity annotation; waits until status shows it. */
  private static McpSession reportActivity(String name) {
    String now = harness.reportActivity(name);
    return harness.awaitSession(name, s -> now.equals(s.getStatus().getLastActivityAt()));
  }

  private static List<Event> events(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static Event event(String name, String reason) {
    return OperatorHarness.await()
        .until(
            () -> events(name).stream().filter(e -> reason.equals(e.getReason())).findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }
}
