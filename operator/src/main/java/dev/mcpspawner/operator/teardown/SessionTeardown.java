package dev.mcpspawner.operator.teardown;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.metrics.SpawnerMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a session: first says why (condition {@code Ended}, phase Terminating, an Event), then
 * deletes the McpSession. Its pod and Secret follow by owner-reference garbage collection; the
 * user's home volume stays.
 */
public record SessionTeardown(
    KubernetesClient client, EventRecorder events, SpawnerMetrics metrics) {
  private static final Logger log = LoggerFactory.getLogger(SessionTeardown.class);

  /** Records the reason on {@code session} (whose status is {@code status}) and deletes it. */
  public void end(
      McpSession session,
      McpSessionStatus status,
      TeardownReason reason,
      String message,
      Instant now) {
    SessionDeadlines.end(session, status, SessionPhase.Terminating, reason.name(), message, now);
    session.setStatus(status);
    try {
      // Only the operator writes status; the gateway's annotation writes must not make it a 409.
      String version = session.getMetadata().getResourceVersion();
      session.getMetadata().setResourceVersion(null);
      client.resource(session).patchStatus();
      session.getMetadata().setResourceVersion(version);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    events.record(session, reason.event(), message);
    log.info("ending session: {}", message);
    client.resource(session).delete();
    metrics.teardown(reason);
  }
}
