package dev.mcpspawner.operator.teardown;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.Timestamps;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When a session must end, and why: idle past its idle timeout (from the last activity the gateway
 * reported, else from when it became ready), older than its maximum lifetime, or failed for longer
 * than the failed-session TTL. Pending and Starting sessions have no idle deadline: their start
 * deadline governs them (it fails them rather than ending them, so it only decides when to look).
 */
public record SessionDeadlines(
    Optional<Instant> idle,
    Optional<Instant> maxLifetime,
    Optional<Instant> failedTtl,
    Optional<Instant> start) {

  public static final String ENDED = "Ended";

  /**
   * Ends the session in {@code status}: its phase ({@code Failed} or {@code Terminating}), reason
   * and message, and its {@code Ended} condition (true, with the same reason and message).
   */
  public static void end(
      McpSession session,
      McpSessionStatus status,
      SessionPhase phase,
      String reason,
      String message,
      Instant now) {
    status.setPhase(phase);
    status.setReason(reason);
    status.setMessage(message);
    Conditions.set(
        status.getConditions(),
        ENDED,
        true,
        reason,
        message,
        session.getMetadata().getGeneration(),
        now);
  }

  /**
   * @param startChecks how long after its start a not-yet-ready session is looked at again (its
   *     start timeout and the schedule deadline)
   */
  public static SessionDeadlines of(
      McpSessionStatus status,
      Optional<Instant> lastActivity,
      Duration idleTimeout,
      Duration maxLifetime,
      Duration failedTtl,
      Duration... startChecks) {
    Optional<Instant> started = Timestamps.parse(status.getStartedAt());
    SessionPhase phase = status.getPhase();
    Optional<Instant> idle = Optional.empty();
    if (phase == SessionPhase.Ready) {
      idle =
          lastActivity
              .or(() -> Timestamps.parse(status.getReadyAt()))
              .or(() -> started)
              .map(t -> t.plus(idleTimeout));
    }
    Optional<Instant> failed = Optional.empty();
    if (phase == SessionPhase.Failed) {
      failed =
          Conditions.find(status.getConditions(), ENDED)
              .map(Condition::getLastTransitionTime)
              .flatMap(Timestamps::parse)
              .map(t -> t.plus(failedTtl));
    }
    Optional<Instant> start = Optional.empty();
    if (phase == null || phase == SessionPhase.Pending || phase == SessionPhase.Starting) {
      start = started.flatMap(t -> Stream.of(startChecks).map(t::plus).min(Instant::compareTo));
    }
    return new SessionDeadlines(idle, started.map(t -> t.plus(maxLifetime)), failed, start);
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

  /** The earliest deadline after {@code now}: when the session next needs looking at. */
  public Optional<Instant> next(Instant now) {
    return Stream.of(idle, maxLifetime, failedTtl, start)
        .flatMap(Optional::stream)
        .filter(t -> t.isAfter(now))
        .min(Instant::compareTo);
  }

  /** Why {@code reason} is due, for the Event and the Ended condition. */
  public String explain(TeardownReason reason) {
    return switch (reason) {
      case IdleTimeout -> "no request since the idle timeout passed at " + idle.orElseThrow();
      case MaxLifetime -> "the maximum lifetime passed at " + maxLifetime.orElseThrow();
      case FailedTtlExpired -> "the failed session was kept until " + failedTtl.orElseThrow();
      case UserDisabled -> throw new IllegalArgumentException("not a deadline: " + reason);
    };
  }
}
