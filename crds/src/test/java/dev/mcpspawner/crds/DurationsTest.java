package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesSingleAndCompoundDurations() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void rejectsMalformedDurationsWithAReadableMessage() {
    for (String bad : new String[] {"", "30", "m", "1.5h", "-5m", "10 m", "1y"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a duration");
    }
  }

  @Test
  void fallbackOnlyWhenUnset() {
    assertThat(Durations.parseOr(null, Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parseOr("1m", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(1));
  }
}
