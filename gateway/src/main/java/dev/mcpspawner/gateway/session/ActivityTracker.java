package dev.mcpspawner.gateway.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last activity per session, kept in memory on every request and written out by {@link #flush()},
 * which the gateway calls once per activity interval: however busy a session is, it costs one
 * annotation patch per interval. Losing this on a restart loses at most one interval of activity.
 */
public final class ActivityTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ActivityTracker.class);

  private final Clock clock;
  private final BiConsumer<String, Instant> writer;
  private final Map<String, Instant> pending = new ConcurrentHashMap<>();

  /** {@code writer} persists one session's last activity (the annotation patch). */
  public ActivityTracker(Clock clock, BiConsumer<String, Instant> writer) {
    this.clock = clock;
    this.writer = writer;
  }

  public void touch(String session) {
    pending.put(session, clock.instant());
  }

  public void forget(String session) {
    pending.remove(session);
  }

  /**
   * Writes every session touched since the last flush, once each. The sessions are taken before the
   * first write: a busy session is touched again while its patch is on the wire, and iterating the
   * live map would find it again and again (one flush never ending, patching without pause).
   */
  public void flush() {
    for (String session : List.copyOf(pending.keySet())) {
      Instant last = pending.remove(session);
      if (last == null) {
        continue;
      }
      try {
        writer.accept(session, last);
      } catch (RuntimeException e) {
        LOG.warn("could not record activity of {}: {}", session, e.toString());
      }
    }
  }
}
