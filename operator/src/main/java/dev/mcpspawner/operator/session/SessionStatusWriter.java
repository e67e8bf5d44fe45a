package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.events.EventReason;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.metrics.SpawnerMetrics;
import dev.mcpspawner.operator.teardown.SessionDeadlines;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a session's status from one phase to the next: phase, reason, message, the {@code PodReady}
 * and {@code Ended} conditions, and one Event per transition.
 */
final class SessionStatusWriter {
  static final String POD_READY = "PodReady";
  private static final Logger log = LoggerFactory.getLogger(SessionStatusWriter.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final EventRecorder events;
  private final SpawnerMetrics metrics;

  SessionStatusWriter(EventRecorder events, SpawnerMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  void pending(McpSession session, McpSessionStatus status, Instant now) {
    status.setPhase(SessionPhase.Pending);
    podReady(session, status, false, "PodNotCreated", "the session pod does not exist yet", now);
    finish(session, status);
  }

  void starting(McpSession session, McpSessionStatus status, String podName, Instant now) {
    boolean transition = status.getPhase() != SessionPhase.Starting;
    status.setPhase(SessionPhase.Starting);
    status.setPodName(podName);
    status.setReason(null);
    status.setMessage("waiting for the session pod to become ready");
    podReady(session, status, false, "Starting", status.getMessage(), now);
    finish(session, status);
    if (transition) {
      events.record(session, EventReason.PodCreated, "created pod " + podName);
    }
  }

  void ready(
      McpSession session, McpSessionStatus status, String endpoint, Instant started, Instant now) {
    boolean transition = status.getPhase() != SessionPhase.Ready;
    status.setPhase(SessionPhase.Ready);
    status.setPodName(session.getMetadata().getName());
    status.setEndpoint(endpoint);
    status.setReason(null);
    status.setMessage(null);
    if (status.getReadyAt() == null) {
      status.setReadyAt(Timestamps.format(now));
    }
    podReady(session, status, true, "Ready", "the runner answers its readiness probe", now);
    finish(session, status);
    if (transition) {
      metrics.ready(Duration.between(started, now));
      events.record(session, EventReason.Ready, "ready at " + endpoint);
      log.info("session ready");
    }
  }

  /** A Ready session whose pod stopped passing its probe: still Ready, the condition says so. */
  void notReady(McpSession session, McpSessionStatus status, Instant now) {
    podReady(session, status, false, "ProbeFailing", "the runner stopped answering its probe", now);
    finish(session, status);
  }

  void fail(
      McpSession session,
      McpSessionStatus status,
      EventReason reason,
      String message,
      Integer exitCode,
      String stderrTail,
      Instant now) {
    status.setPhase(SessionPhase.Failed);
    status.setReason(reason.name());
    status.setMessage(message);
    status.setExitCode(exitCode);
    status.setStderrTail(stderrTail);
    status.setEndpoint(null);
    podReady(session, status, false, reason.name(), message, now);
    Conditions.set(
        status.getConditions(),
        SessionDeadlines.ENDED,
        true,
        reason.name(),
        message,
        session.getMetadata().getGeneration(),
        now);
    finish(session, status);
    events.record(session, reason, message);
    log.warn("session failed: {}: {}", reason, message);
  }

  boolean changed(McpSessionStatus before, McpSessionStatus after) {
    return !Objects.equals(JSON.asJson(before), JSON.asJson(after));
  }

  private static void podReady(
      McpSession session,
      McpSessionStatus status,
      boolean ready,
      String reason,
      String message,
      Instant now) {
    Conditions.set(
        status.getConditions(),
        POD_READY,
        ready,
        reason,
        message,
        session.getMetadata().getGeneration(),
        now);
  }

  private static void finish(McpSession session, McpSessionStatus status) {
    status.setObservedGeneration(session.getMetadata().getGeneration());
  }
}
