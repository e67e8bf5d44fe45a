package dev.mcpspawner.gateway.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.crds.RateLimit;
import dev.mcpspawner.gateway.auth.Principal;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  static final Principal ALICE = new Principal("alice@example.com", Set.of(), "laptop", Set.of());
  static final Principal BOB = new Principal("bob@example.com", Set.of(), "laptop", Set.of());
  final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void aBurstPassesThenTheRateAppliesAndRetryAfterSaysWhen() {
    RateLimiter limiter = new RateLimiter(user -> new RateLimit(30, 3), now::get);
    for (int i = 0; i < 3; i++) {
      limiter.acquire(ALICE);
    }
    assertThatThrownBy(() -> limiter.acquire(ALICE))
        .isInstanceOfSatisfying(
            RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(2));
    limiter.acquire(BOB); // buckets are per user
    now.addAndGet(TimeUnit.SECONDS.toNanos(2));
    limiter.acquire(ALICE);
    assertThatThrownBy(() -> limiter.acquire(ALICE)).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void noRateMeansNoLimitAndIdleBucketsAreDropped() {
    RateLimiter unlimited = new RateLimiter(user -> new RateLimit(0, 1), now::get);
    for (int i = 0; i < 1_000; i++) {
      unlimited.acquire(ALICE);
    }
    assertThat(unlimited.trackedUsers()).isZero();
    RateLimiter limiter = new RateLimiter(user -> new RateLimit(60, 5), now::get);
    limiter.acquire(ALICE);
    now.addAndGet(TimeUnit.MINUTES.toNanos(11));
    limiter.acquire(BOB);
    assertThat(limiter.trackedUsers()).isEqualTo(1);
  }
}
