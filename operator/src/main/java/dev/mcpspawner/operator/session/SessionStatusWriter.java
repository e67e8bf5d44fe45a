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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a session's status from one phase to the next: phase, reason, message, the {@code PodReady}
 * and {@code Ended} conditions, and one Event per transition.
 *
 * <p>A transition is reported (Event, log line, metric) once per session however often it is
 * computed: JOSDK does not put a status write in its cache, so a reconcile that an event starts
 * before the informer delivers the write sees the old status and makes the same transition again.
 */
final class SessionStatusWriter {
  static final String POD_READY = "PodReady";
  private static final Logger log = LoggerFactory.getLogger(SessionStatusWriter.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** At most this many sessions' last reported transitions are kept (the oldest go first). */
  static final int REPORTED_MAX = 20_000;

  private final EventRecorder events;
  private final SpawnerMetrics metrics;
  private final Map<String, String> reported =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > REPORTED_MAX;
            }
          });

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
    if (transition && firstReport(session, "Starting")) {
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
    if (transition && firstReport(session, "Ready")) {
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

  /**
   * Fails the session; true when this is the first time (the Event is recorded and the failure
   * logged then), false when this process reported the same failure of the session before.
   */
  boolean fail(
      McpSession session,
      McpSessionStatus status,
      EventReason reason,
      String message,
      Integer exitCode,
      String stderrTail,
      Instant now) {
    status.setExitCode(exitCode);
    status.setStderrTail(stderrTail);
    status.setEndpoint(null);
    podReady(session, status, false, reason.name(), message, now);
    SessionDeadlines.end(session, status, SessionPhase.Failed, reason.name(), message, now);
    finish(session, status);
    if (!firstReport(session, "Failed/" + reason.name())) {
      return false;
    }
    events.record(session, reason, message);
    log.warn("session failed: {}: {}", reason, message);
    return true;
  }

  /** Whether {@code transition} is new for the session (and remembers it). */
  private boolean firstReport(McpSession session, String transition) {
    String uid = session.getMetadata().getUid();
    if (uid == null) {
      return true;
    }
    return !transition.equals(reported.put(uid, transition));
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
