package dev.mcpspawner.crds;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration strings used in specs ({@code 90s}, {@code 30m}, {@code 1h30m}, {@code 7d}).
 */
public final class Durations {
  /** The schema pattern for a duration field. */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h|d))+$";

  private static final Pattern WHOLE = Pattern.compile(PATTERN);
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration {@code text} stands for; throws with a readable message when it is malformed. */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use a number and a unit: 90s, 30m, 1h30m, 7d");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalStateException(m.group(2));
              });
    }
    return total;
  }

  /** {@code text} parsed, or {@code fallback} when it is null. */
  public static Duration parseOr(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }
}
