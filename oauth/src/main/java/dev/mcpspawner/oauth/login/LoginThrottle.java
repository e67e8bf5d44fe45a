package dev.mcpspawner.oauth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} wrong passwords for one username, or from one
 * address, within {@code window}, further attempts are refused without checking the password until
 * the window has moved on. Kept per replica in memory: it is a brake, not state that must survive a
 * restart (each replica brakes on its own, so N replicas allow N times the rate).
 */
public final class LoginThrottle {
  private static final int MAX_TRACKED = 10_000;

  private final Clock clock;
  private final int maxFailures;
  private final Duration window;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock, int maxFailures, Duration window) {
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.window = window;
  }

  public static LoginThrottle defaults(Clock clock) {
    return new LoginThrottle(clock, 10, Duration.ofMinutes(15));
  }

  /** Whether another attempt for this username may be checked now. */
  public boolean allows(String username) {
    return recent(String.valueOf(username)) < maxFailures;
  }

  public void failed(String username) {
    if (failures.size() > MAX_TRACKED) {
      failures.clear(); // a flood of names: start over rather than grow without bound
    }
    Instant now = clock.instant();
    Deque<Instant> d = failures.computeIfAbsent(String.valueOf(username), k -> new ArrayDeque<>());
    synchronized (d) {
      d.addLast(now);
      while (d.size() > maxFailures) {
        d.removeFirst();
      }
    }
  }

  private int recent(String key) {
    Deque<Instant> d = failures.get(key);
    if (d == null) {
      return 0;
    }
    Instant cutoff = clock.instant().minus(window);
    synchronized (d) {
      d.removeIf(t -> t.isBefore(cutoff));
      return d.size();
    }
  }
}
