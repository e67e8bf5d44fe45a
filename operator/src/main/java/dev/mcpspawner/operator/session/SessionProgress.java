package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.events.EventReason;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves a session's status after its pod: Pending without one, Starting, Ready with the endpoint,
 * or Failed for good — including the deadlines a pod cannot report itself (not schedulable for too
 * long, not ready within the start timeout).
 */
final class SessionProgress {
  private final SessionStatusWriter writer;
  private final Duration scheduleDeadline;

  SessionProgress(SessionStatusWriter writer, Duration scheduleDeadline) {
    this.writer = writer;
    this.scheduleDeadline = scheduleDeadline;
  }

  void apply(
      McpSession session,
      McpSessionStatus status,
      Optional<Pod> pod,
      Duration startTimeout,
      Instant now) {
    if (pod.isEmpty()) {
      writer.pending(session, status, now);
      return;
    }
    PodProgress progress = PodProgress.of(pod.get());
    Instant started = Timestamps.parse(status.getStartedAt()).orElse(now);
    if (progress.failed()) {
      writer.fail(
          session,
          status,
          progress.failure(),
          progress.message(),
          progress.exitCode(),
          progress.stderrTail(),
          now);
    } else if (progress.stage() == PodProgress.Stage.READY) {
      writer.ready(session, status, SandboxPod.endpoint(pod.get(), progress.podIp()), started, now);
    } else if (status.getPhase() == SessionPhase.Ready) {
      writer.notReady(session, status, now);
    } else if (progress.unschedulable() && !now.isBefore(started.plus(scheduleDeadline))) {
      writer.fail(session, status, EventReason.Unschedulable, progress.message(), null, null, now);
    } else if (!now.isBefore(started.plus(startTimeout))) {
      writer.fail(
          session,
          status,
          EventReason.StartTimeout,
          "the session did not become ready within " + startTimeout,
          null,
          null,
          now);
    } else {
      writer.starting(session, status, pod.get().getMetadata().getName(), now);
    }
  }
}
