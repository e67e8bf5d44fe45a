package dev.mcpspawner.operator.teardown;

import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.Timestamps;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a session must end, and why: idle past its idle timeout (from the last activity the gateway
 * reported, else from when it became ready), older than its maximum lifetime, or failed for longer
 * than the failed-session TTL. Pending and Starting sessions have no idle deadline: their start
 * deadline governs them.
 */
public record SessionDeadlines(
    Optional<Instant> idle, Optional<Instant> maxLifetime, Optional<Instant> failedTtl) {

  public static final String ENDED = "Ended";

  public static SessionDeadlines of(
      McpSessionStatus status,
      Optional<Instant> lastActivity,
      Duration idleTimeout,
      Duration maxLifetime,
      Duration failedTtl) {
    Optional<Instant> started = Timestamps.parse(status.getStartedAt());
    Optional<Instant> idle = Optional.empty();
    if (status.getPhase() == SessionPhase.Ready) {
      Optional<Instant> since = lastActivity.or(() -> Timestamps.parse(status.getReadyAt()));
      since = since.or(() -> started);
      idle = since.map(t -> t.plus(idleTimeout));
    }
    Optional<Instant> failed = Optional.empty();
    if (status.getPhase() == SessionPhase.Failed) {
      failed =
          Conditions.find(status.getConditions(), ENDED)
              .map(Condition::getLastTransitionTime)
              .flatMap(Timestamps::parse)
              .map(t -> t.plus(failedTtl));
    }
    return new SessionDeadlines(idle, started.map(t -> t.plus(maxLifetime)), failed);
  }

  /** The reason to end the session at {@code now}, if one is due. */
  public Optional<TeardownReason> due(Instant now) {
    if (failedTtl.filter(t -> !t.isAfter(now)).isPresent()) {
      return Optional.of(TeardownReason.FailedTtlExpired);
    }
    if (maxLifetime.filter(t -> !t.isAfter(now)).isPresent()) {
      return Optional.of(TeardownReason.MaxLifetime);
    }
    if (idle.filter(t -> !t.isAfter(now)).isPresent()) {
      return Optional.of(TeardownReason.IdleTimeout);
    }
    return Optional.empty();
  }

  /** The earliest of the deadlines still ahead. */
  public Optional<Instant> next() {
    return java.util.stream.Stream.of(idle, maxLifetime, failedTtl)
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }
}
