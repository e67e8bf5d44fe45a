package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.oauth.login.LoginThrottle;
import dev.mcpspawner.oauth.testing.TestingClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Password guessing is braked per username, and the brake wears off. */
class LoginThrottleTest {

  @Test
  void tooManyFailuresForOneUsernameAreRefusedUntilTheWindowPasses() {
    TestingClock clock = new TestingClock();
    LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofMinutes(15));
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.allows("alice")).isTrue();
      throttle.failed("alice");
    }
    assertThat(throttle.allows("alice")).isFalse();
    assertThat(throttle.allows("bob")).isTrue();
    clock.advance(Duration.ofMinutes(16));
    assertThat(throttle.allows("alice")).isTrue();
  }
}
