package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.oauth.login.LoginThrottle;
import dev.mcpspawner.testing.HandClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is braked per (address, username) first, so a guesser does not lock the real
 * user out elsewhere; per address and per username as backstops; attempts are reserved before the
 * check, so concurrency cannot overrun a limit; and the brake wears off.
 */
class LoginThrottleTest {
  private static final String GUESSER = "203.0.113.7";
  private static final String ALICES_LAPTOP = "198.51.100.20";

  private final HandClock clock = new HandClock();

  private static void failTimes(LoginThrottle throttle, String address, String user, int n) {
    for (int i = 0; i < n; i++) {
      throttle.reserve(address, user).orElseThrow().failed();
    }
  }

  @Test
  void tooManyFailuresFromOneAddressForOneUsernameAreRefusedUntilTheWindowPasses() {
    LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(15));
    failTimes(throttle, GUESSER, "alice", 3);
    assertThat(throttle.reserve(GUESSER, "alice")).isEmpty();
    assertThat(throttle.reserve(GUESSER, "bob")).isPresent();
    clock.advance(Duration.ofMinutes(16));
    assertThat(throttle.reserve(GUESSER, "alice")).isPresent();
  }

  @Test
  void aGuesserLockedOutDoesNotLockTheRealUserOutFromAnotherAddress() {
    LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofMinutes(15));
    failTimes(throttle, GUESSER, "alice", 5);
    assertThat(throttle.reserve(GUESSER, "alice")).isEmpty();

    Optional<LoginThrottle.Attempt> alice = throttle.reserve(ALICES_LAPTOP, "alice");
    assertThat(alice).isPresent();
    alice.get().succeeded();
    assertThat(throttle.reserve(ALICES_LAPTOP, "alice")).isPresent();
  }

  @Test
  void oneAddressTryingManyUsernamesIsBraked() {
    LoginThrottle throttle = new LoginThrottle(clock, Duration.ofMinutes(15), 5, 20, 100, 10_000);
    for (int i = 0; i < 20; i++) {
      throttle.reserve(GUESSER, "user" + i).orElseThrow().failed();
    }
    assertThat(throttle.reserve(GUESSER, "someone-new")).isEmpty();
    assertThat(throttle.reserve(ALICES_LAPTOP, "someone-new")).isPresent();
  }

  @Test
  void guessesAtOneUsernameFromManyAddressesMeetTheBackstop() {
    LoginThrottle throttle = new LoginThrottle(clock, Duration.ofMinutes(15), 5, 20, 30, 10_000);
    for (int i = 0; i < 30; i++) {
      throttle.reserve("10.0.0." + i, "alice").orElseThrow().failed();
    }
    assertThat(throttle.reserve(ALICES_LAPTOP, "alice")).isEmpty();
  }

  /** The attack: 25 guesses at once must not get more checks than the limit. */
  @Test
  void concurrentGuessesGetNoMoreChecksThanTheLimit() throws Exception {
    LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofMinutes(15));
    AtomicInteger checks = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> guesses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(25)) {
      for (int i = 0; i < 25; i++) {
        guesses.add(
            pool.submit(
                () -> {
                  go.await();
                  Optional<LoginThrottle.Attempt> attempt = throttle.reserve(GUESSER, "alice");
                  if (attempt.isPresent()) {
                    checks.incrementAndGet(); // the bcrypt check would run here
                    attempt.get().failed();
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> guess : guesses) {
        guess.get();
      }
    }
    assertThat(checks.get()).isEqualTo(5);
  }

  @Test
  void aCancelledAttemptDoesNotCount() {
    LoginThrottle throttle = new LoginThrottle(clock, 2, Duration.ofMinutes(15));
    for (int i = 0; i < 5; i++) {
      throttle.reserve(GUESSER, "alice").orElseThrow().cancelled();
    }
    failTimes(throttle, GUESSER, "alice", 2);
    assertThat(throttle.reserve(GUESSER, "alice")).isEmpty();
  }

  /**
   * A flood of new names makes room by forgetting the stalest entries, not all of them: the guesser
   * who is still at it stays braked.
   */
  @Test
  void aFloodOfUsernamesEvictsTheStalestEntriesAndKeepsRecentOnes() {
    LoginThrottle throttle = new LoginThrottle(clock, Duration.ofMinutes(15), 2, 1_000, 1_000, 3);
    failTimes(throttle, "192.0.2.1", "old", 2);
    failTimes(throttle, GUESSER, "alice", 2);
    assertThat(throttle.reserve(GUESSER, "alice")).isEmpty(); // touched: now the freshest key
    failTimes(throttle, "192.0.2.2", "flood-1", 1);
    failTimes(throttle, "192.0.2.3", "flood-2", 1);
    assertThat(throttle.reserve(GUESSER, "alice")).as("recent entry kept").isEmpty();
    assertThat(throttle.reserve("192.0.2.1", "old")).as("stalest entry evicted").isPresent();
  }
}
