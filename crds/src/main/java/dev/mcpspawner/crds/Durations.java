package dev.mcpspawner.crds;

import dev.mcpspawner.contracts.config.Parsers;
import java.time.Duration;

/**
 * Parses the duration strings used in specs ({@code 90s}, {@code 30m}, {@code 1h30m}, {@code 7d}).
 */
public final class Durations {
  /** The schema pattern for a duration field. */
  public static final String PATTERN = Parsers.DURATION_PATTERN;

  private Durations() {}

  /** The duration {@code text} stands for; throws with a readable message when it is malformed. */
  public static Duration parse(String text) {
    return Parsers.parseDuration(text);
  }

  /** {@code text} parsed, or {@code fallback} when it is null. */
  public static Duration parseOr(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }
}
