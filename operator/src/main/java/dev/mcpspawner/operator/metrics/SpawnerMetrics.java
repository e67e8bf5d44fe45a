package dev.mcpspawner.operator.metrics;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.teardown.TeardownReason;
import dev.mcpspawner.operator.user.ActiveSessions;
import dev.mcpspawner.operator.user.RefusalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator's own meters: sessions by phase, teardowns and refusals by reason, users with open
 * sessions, creation→Ready latency. No meter carries a user id.
 */
public final class SpawnerMetrics {
  private final MeterRegistry registry;
  private final Map<TeardownReason, Counter> teardowns;
  private final Map<RefusalReason, Counter> refusals;
  private final Timer readyLatency;
  private volatile Supplier<Collection<McpSession>> sessions = java.util.List::of;

  public SpawnerMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (SessionPhase phase : SessionPhase.values()) {
      Gauge.builder("mcpspawner.sessions", () -> count(phase))
          .description("McpSessions known to the operator, by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
    teardowns =
        byReason(
            registry,
            TeardownReason.class,
            "mcpspawner.session.teardowns",
            "Sessions the operator ended, by reason");
    refusals =
        byReason(
            registry,
            RefusalReason.class,
            "mcpspawner.session.refusals",
            "Sessions the operator refused to start, by reason");
    Gauge.builder("mcpspawner.users.active", () -> ActiveSessions.users(sessions.get()))
        .description("Users with at least one session that holds or may soon hold a pod")
        .register(registry);
    readyLatency =
        Timer.builder("mcpspawner.session.ready")
            .description("From the operator first seeing a session to the session being Ready")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
  }

  /** Where the phase gauges count from (the session informer's cache). */
  public void countSessionsFrom(Supplier<Collection<McpSession>> source) {
    this.sessions = source;
  }

  public void teardown(TeardownReason reason) {
    teardowns.get(reason).increment();
  }

  public void refused(RefusalReason reason) {
    refusals.get(reason).increment();
  }

  public void ready(Duration sinceCreation) {
    if (!sinceCreation.isNegative()) {
      readyLatency.record(sinceCreation);
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One counter {@code name} for each value of {@code reasons}, tagged {@code reason}. */
  private static <E extends Enum<E>> Map<E, Counter> byReason(
      MeterRegistry registry, Class<E> reasons, String name, String description) {
    Map<E, Counter> counters = new EnumMap<>(reasons);
    for (E reason : reasons.getEnumConstants()) {
      counters.put(
          reason,
          Counter.builder(name)
              .description(description)
              .tag("reason", reason.name())
              .register(registry));
    }
    return counters;
  }

  private double count(SessionPhase phase) {
    return sessions.get().stream()
        .filter(s -> s.getStatus() != null && s.getStatus().getPhase() == phase)
        .count();
  }
}
