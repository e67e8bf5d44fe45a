package dev.mcpspawner.oauth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing with three buckets of failures within {@code window}: per (address,
 * username), which stops a guesser without locking the real user out from elsewhere; per address,
 * which stops one address trying many usernames; and per username over all addresses, a much higher
 * backstop against guessing spread over many addresses. An attempt is reserved in all three before
 * the password is checked, so concurrent guesses cannot overrun a limit. Kept per replica in
 * memory: it is a brake, not state that must survive a restart (each replica brakes on its own, so
 * N replicas allow N times the rate).
 */
public final class LoginThrottle {
  /** A reserved attempt: it counts as a failure unless it is said to be otherwise. */
  public interface Attempt {
    /** The password was right: this attempt and the address's failures for the user are lifted. */
    void succeeded();

    /** The password was wrong: it stays counted. */
    void failed();

    /** The password was not checked after all: it does not count. */
    void cancelled();
  }

  private static final int DEFAULT_MAX_TRACKED = 10_000;

  private final Clock clock;
  private final Duration window;
  private final Bucket perAddressAndUser;
  private final Bucket perAddress;
  private final Bucket perUser;

  /**
   * {@code maxFailures} per (address, username); ten times that per address and per username, so
   * that a shared address (a NAT) and a targeted user are braked later, not sooner.
   */
  public LoginThrottle(Clock clock, int maxFailures, Duration window) {
    this(clock, window, maxFailures, maxFailures * 10, maxFailures * 10, DEFAULT_MAX_TRACKED);
  }

  /** Each bucket tracks at most {@code maxTracked} keys; past that the stalest key is forgotten. */
  public LoginThrottle(
      Clock clock,
      Duration window,
      int perAddressAndUser,
      int perAddress,
      int perUser,
      int maxTracked) {
    this.clock = clock;
    this.window = window;
    this.perAddressAndUser = new Bucket(perAddressAndUser, maxTracked);
    this.perAddress = new Bucket(perAddress, maxTracked);
    this.perUser = new Bucket(perUser, maxTracked);
  }

  public static LoginThrottle defaults(Clock clock) {
    return new LoginThrottle(clock, 10, Duration.ofMinutes(15));
  }

  /**
   * Reserves one password check for {@code username} from {@code address}, or empty when a limit is
   * reached (the password must then not be checked). One lock for the three buckets: reserving is
   * cheap next to the bcrypt check it guards, and a partial reservation cannot happen.
   */
  public synchronized Optional<Attempt> reserve(String address, String username) {
    String user = String.valueOf(username);
    String pair = address + "\n" + user;
    Instant now = clock.instant();
    Instant cutoff = now.minus(window);
    if (perAddressAndUser.full(pair, cutoff)
        || perAddress.full(address, cutoff)
        || perUser.full(user, cutoff)) {
      return Optional.empty();
    }
    perAddressAndUser.add(pair, now);
    perAddress.add(address, now);
    perUser.add(user, now);
    return Optional.of(
        new Attempt() {
          @Override
          public void succeeded() {
            synchronized (LoginThrottle.this) {
              perAddressAndUser.forget(pair);
              perAddress.remove(address, now);
              perUser.remove(user, now);
            }
          }

          @Override
          public void failed() {
            // reserved as a failure already
          }

          @Override
          public void cancelled() {
            synchronized (LoginThrottle.this) {
              perAddressAndUser.remove(pair, now);
              perAddress.remove(address, now);
              perUser.remove(user, now);
            }
          }
        });
  }

  /** Failure times per key, least recently touched key first; guarded by the throttle's lock. */
  private static final class Bucket {
    private final int limit;
    private final int maxTracked;
    private final LinkedHashMap<String, Deque<Instant>> keys = new LinkedHashMap<>(16, 0.75f, true);

    Bucket(int limit, int maxTracked) {
      this.limit = limit;
      this.maxTracked = maxTracked;
    }

    boolean full(String key, Instant cutoff) {
      Deque<Instant> times = keys.get(key);
      if (times == null) {
        return false;
      }
      while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
        times.removeFirst();
      }
      if (times.isEmpty()) {
        keys.remove(key);
        return false;
      }
      return times.size() >= limit;
    }

    void add(String key, Instant at) {
      keys.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(at);
      if (keys.size() > maxTracked) {
        // Room is made by forgetting the stalest key (least recently touched: under a flood of
        // new keys, the one whose failures are oldest), never by forgetting them all.
        Iterator<Map.Entry<String, Deque<Instant>>> eldest = keys.entrySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }

    void remove(String key, Instant at) {
      Deque<Instant> times = keys.get(key);
      if (times != null) {
        times.removeLastOccurrence(at);
        if (times.isEmpty()) {
          keys.remove(key);
        }
      }
    }

    void forget(String key) {
      keys.remove(key);
    }
  }
}
