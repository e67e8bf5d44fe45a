package dev.mcpspawner.gateway.user;

import dev.mcpspawner.crds.RateLimit;
import dev.mcpspawner.gateway.auth.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One token bucket per user in front of relaying: {@code requestsPerMinute} refill it, {@code
 * burst} is its size. Buckets live in this replica's memory, so with N replicas behind a load
 * balancer a user gets up to N times their limit (docs/users.md). A bucket is dropped once it has
 * been full for a while, so the map holds only users active in the last minutes.
 */
public final class RateLimiter {
  private static final long NANOS_PER_MINUTE = 60_000_000_000L;
  private static final long IDLE_NANOS = 10 * NANOS_PER_MINUTE;

  private final Function<String, RateLimit> limitOf;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile long nextSweep;

  public RateLimiter(Function<String, RateLimit> limitOf, LongSupplier nanoTime) {
    this.limitOf = limitOf;
    this.nanoTime = nanoTime;
    this.nextSweep = nanoTime.getAsLong() + IDLE_NANOS;
  }

  /** Takes one token for the user, or throws {@link RateLimitedException} saying when to retry. */
  public void acquire(Principal principal) {
    String userId = principal.userId();
    RateLimit limit = limitOf.apply(userId);
    Integer perMinute = limit == null ? null : limit.getRequestsPerMinute();
    if (perMinute == null || perMinute <= 0) {
      return;
    }
    int burst = limit.getBurst() == null ? perMinute : limit.getBurst();
    long now = nanoTime.getAsLong();
    sweep(now);
    Bucket bucket = buckets.computeIfAbsent(userId, k -> new Bucket(burst, now));
    long waitNanos = bucket.take(perMinute, burst, now);
    if (waitNanos > 0) {
      throw new RateLimitedException(
          principal, Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
    }
  }

  int trackedUsers() {
    return buckets.size();
  }

  private void sweep(long now) {
    if (now - nextSweep < 0) {
      return;
    }
    nextSweep = now + IDLE_NANOS;
    buckets.values().removeIf(b -> b.idleSince(now) > IDLE_NANOS);
  }

  /** Tokens as a fraction-free count of nano-tokens, so refills never round away. */
  private static final class Bucket {
    private long tokensTimesMinute; // tokens x NANOS_PER_MINUTE
    private long updated;

    Bucket(int burst, long now) {
      this.tokensTimesMinute = burst * NANOS_PER_MINUTE;
      this.updated = now;
    }

    /** 0 when a token was taken; otherwise nanoseconds until one is there. */
    synchronized long take(int perMinute, int burst, long now) {
      long cap = burst * NANOS_PER_MINUTE;
      long elapsed = Math.min(now - updated, NANOS_PER_MINUTE * 60); // an hour refills any bucket
      tokensTimesMinute = Math.min(cap, tokensTimesMinute + elapsed * perMinute);
      updated = now;
      if (tokensTimesMinute >= NANOS_PER_MINUTE) {
        tokensTimesMinute -= NANOS_PER_MINUTE;
        return 0;
      }
      return (NANOS_PER_MINUTE - tokensTimesMinute + perMinute - 1) / perMinute;
    }

    synchronized long idleSince(long now) {
      return now - updated;
    }
  }
}
