package dev.mcpspawner.contracts.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readers options are declared with; each refuses what it cannot read, saying why. */
public final class Parsers {
  /**
   * The duration syntax of every option and spec field: {@code 500ms}, {@code 90s}, {@code 1h30m}.
   */
  public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h|d))+$";

  private static final Pattern WHOLE_DURATION = Pattern.compile(DURATION_PATTERN);
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Parsers() {}

  public static Option.Parser<String> text() {
    return s -> s;
  }

  public static Option.Parser<Path> path() {
    return Path::of;
  }

  /** A whole number in {@code [min, max]}. */
  public static Option.Parser<Integer> integer(int min, int max) {
    return s -> (int) whole(s, min, max);
  }

  /** A whole number in {@code [min, max]}. */
  public static Option.Parser<Long> longInteger(long min, long max) {
    return s -> whole(s, min, max);
  }

  /** {@code true} or {@code false}, any case; anything else is refused (not read as false). */
  public static Option.Parser<Boolean> bool() {
    return s ->
        switch (s.toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new IllegalArgumentException("must be true or false, not '" + s + "'");
        };
  }

  /**
   * Comma-separated values, trimmed, empty ones dropped, in their order (pull secrets are tried
   * so).
   */
  public static Option.Parser<Set<String>> commaSet() {
    return s -> {
      Set<String> values = new LinkedHashSet<>();
      for (String v : s.split(",")) {
        if (!v.isBlank()) {
          values.add(v.trim());
        }
      }
      return Collections.unmodifiableSet(values);
    };
  }

  /** One of {@code type}'s constants, by its exact name. */
  public static <E extends Enum<E>> Option.Parser<E> enumValue(Class<E> type) {
    return s -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(s)) {
          return e;
        }
      }
      throw new IllegalArgumentException(
          "must be one of "
              + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()
              + ", not '"
              + s
              + "'");
    };
  }

  public static Option.Parser<Duration> duration() {
    return Parsers::parseDuration;
  }

  /** The duration {@code text} stands for; throws with a readable message when it is malformed. */
  public static Duration parseDuration(String text) {
    if (text == null || !WHOLE_DURATION.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use a number and a unit: 90s, 30m, 1h30m, 7d");
    }
    Duration total = Duration.ZERO;
    Matcher m = DURATION_PART.matcher(text);
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

  private static long whole(String s, long min, long max) {
    long n;
    try {
      n = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number, not '" + s + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("must be from " + min + " to " + max + ", not " + n);
    }
    return n;
  }
}
