package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.events.EventReason;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.metrics.SpawnerMetrics;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.MockApi;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transition computed again from a stale status (a reconcile that ran before the informer
 * delivered the write) is not reported again: one Event, one log line, one count per session.
 */
class SessionStatusWriterTest {
  static final String NS = "writer";
  final MockApi api = MockApi.start();
  final SpawnerMetrics metrics = new SpawnerMetrics(new SimpleMeterRegistry());
  final SessionStatusWriter writer =
      new SessionStatusWriter(new EventRecorder(api.client(), Clock.systemUTC(), "test"), metrics);
  final Instant now = Instant.parse("2026-12-03T12:00:00Z");

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void theSameFailureComputedTwiceFromTheSameStaleStatusIsReportedOnce() {
    McpSession session = api.client().resource(Catalog.session(NS, "nina", "everything")).create();
    McpSessionStatus stale = new McpSessionStatus();

    boolean first = fail(session, stale);
    boolean again = fail(session, new McpSessionStatus());

    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(events("QuotaExceeded")).hasSize(1);
  }

  @Test
  void anotherSessionOrAnotherFailureIsReportedAgain() {
    McpSession one = api.client().resource(Catalog.session(NS, "nina", "everything")).create();
    McpSession two = api.client().resource(Catalog.session(NS, "nina", "everything")).create();

    assertThat(fail(one, new McpSessionStatus())).isTrue();
    assertThat(fail(two, new McpSessionStatus())).isTrue();
    McpSessionStatus status = new McpSessionStatus();
    assertThat(writer.fail(one, status, EventReason.PodDeleted, "gone", null, null, now)).isTrue();
    assertThat(status.getPhase()).isEqualTo(SessionPhase.Failed);
    assertThat(events("QuotaExceeded")).hasSize(2);
    assertThat(events("PodDeleted")).hasSize(1);
  }

  @Test
  void readyTwiceFromAStaleStatusRecordsOneEventAndOneLatency() {
    McpSession session = api.client().resource(Catalog.session(NS, "nina", "everything")).create();
    Instant started = now.minusSeconds(2);

    writer.ready(session, new McpSessionStatus(), "10.0.0.1:8080", started, now);
    writer.ready(session, new McpSessionStatus(), "10.0.0.1:8080", started, now);

    assertThat(events("Ready")).hasSize(1);
    assertThat(metrics.registry().get("mcpspawner.session.ready").timer().count()).isEqualTo(1);
  }

  private boolean fail(McpSession session, McpSessionStatus status) {
    return writer.fail(
        session, status, EventReason.QuotaExceeded, "2 of 2 sessions open", null, null, now);
  }

  private List<Event> events(String reason) {
    return api.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
