package dev.mcpspawner.contracts.config;

import java.util.Map;
import java.util.Objects;

/**
 * One setting a process reads from its environment, declared once: its variable name, the value it
 * has when unset (as the text a person would write; null: unset), how its text is read, and what it
 * means. The process's configuration record is built from these; its README's table is checked
 * against them ({@link Options#markdownTable}).
 *
 * @param <T> what the text stands for
 * @param name the environment variable
 * @param fallback the value when the variable is unset or blank, as text; null: no value
 * @param parser reads the (trimmed, non-blank) text; throws {@link IllegalArgumentException} with a
 *     readable reason when it is malformed
 * @param description one line for the docs table
 */
public record Option<T>(String name, String fallback, Parser<T> parser, String description) {

  /** Reads an option's text; a malformed text is an {@link IllegalArgumentException}. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String text);
  }

  public Option {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(description, "description");
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
    if (fallback != null) {
      parser.parse(fallback); // a declaration with a default it cannot read is a bug
    }
  }

  public static <T> Option<T> of(
      String name, String fallback, Parser<T> parser, String description) {
    return new Option<>(name, fallback, parser, description);
  }

  /**
   * This option's value in {@code env}: its text parsed, the fallback where it is unset or blank,
   * null where there is neither. A malformed text fails with the variable's name and the reason
   * (never the whole environment).
   */
  public T from(Map<String, String> env) {
    String raw = env.get(name);
    String text = raw == null || raw.isBlank() ? fallback : raw.trim();
    if (text == null) {
      return null;
    }
    try {
      return parser.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code env} sets this option (to something not blank). */
  public boolean isSet(Map<String, String> env) {
    String raw = env.get(name);
    return raw != null && !raw.isBlank();
  }
}
