package dev.mcpspawner.contracts.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every option one process reads, in the order its docs list them. The chart's tests check that
 * each variable the chart sets is one of these ({@link #names}); the process's README carries
 * {@link #markdownTable} and a test keeps the two the same.
 */
public record Options(List<Option<?>> all) {
  public Options {
    all = List.copyOf(all);
    Set<String> seen = new LinkedHashSet<>();
    for (Option<?> o : all) {
      if (!seen.add(o.name())) {
        throw new IllegalArgumentException("option declared twice: " + o.name());
      }
    }
  }

  public static Options of(Option<?>... options) {
    return new Options(List.of(options));
  }

  /** These options followed by {@code more}'s (a process that also reads another module's). */
  public Options and(Options more) {
    List<Option<?>> both = new ArrayList<>(all);
    both.addAll(more.all);
    return new Options(both);
  }

  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    all.forEach(o -> names.add(o.name()));
    return names;
  }

  /** The docs table: variable, default, meaning; one row an option. */
  public String markdownTable() {
    return markdownTable("variable", Option::name);
  }

  /**
   * The docs table with another first column: {@code column} its heading, {@code naming} what it
   * shows of each option (a command line's flag, say).
   */
  public String markdownTable(String column, Function<Option<?>, String> naming) {
    StringBuilder out =
        new StringBuilder("| " + column + " | default | meaning |\n|---|---|---|\n");
    for (Option<?> o : all) {
      out.append("| `")
          .append(naming.apply(o))
          .append("` | ")
          .append(
              o.fallback() == null || o.fallback().isEmpty() ? "unset" : "`" + o.fallback() + "`")
          .append(" | ")
          .append(o.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }

  /** The rows of {@link #markdownTable}, for a README check that names a missing or stale row. */
  public Stream<String> markdownRows() {
    return markdownTable().lines().skip(2);
  }

  /**
   * Marks the generated table in a README: {@link #README_BEGIN}, the table, {@link #README_END}.
   */
  public static final String README_BEGIN =
      "<!-- options: generated from the code, see Options -->";

  public static final String README_END = "<!-- end of options -->";

  /** What stands between the markers in {@code markdown}; null when it has no such section. */
  public static String readmeSection(String markdown) {
    int begin = markdown.indexOf(README_BEGIN);
    int end = markdown.indexOf(README_END);
    if (begin < 0 || end < begin) {
      return null;
    }
    return markdown.substring(begin + README_BEGIN.length(), end).strip() + "\n";
  }
}
