package dev.mcpspawner.contracts.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.contracts.config.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The two checks every process's options get (shared through this module's test-jar): its README
 * carries their generated table, and its configuration reads the variables they declare.
 */
public final class OptionChecks {
  private OptionChecks() {}

  /** {@code readme}, between {@link Options#README_BEGIN} and its end marker, is the table. */
  public static void assertReadmeCarries(Path readme, Options options) throws IOException {
    assertReadmeCarries(readme, options.markdownTable());
  }

  /** {@code readme}, between {@link Options#README_BEGIN} and its end marker, is {@code table}. */
  public static void assertReadmeCarries(Path readme, String table) throws IOException {
    assertThat(Options.readmeSection(Files.readString(readme)))
        .as(readme + " between the option markers; regenerate it from this")
        .isEqualTo(table);
  }

  /** The names {@code reader} looks up when it reads {@code given} (lookups of any kind). */
  public static Set<String> namesLookedUp(
      Map<String, String> given, Consumer<Map<String, String>> reader) {
    Set<String> asked = new LinkedHashSet<>();
    reader.accept(
        new HashMap<>(given) {
          @Override
          public String get(Object key) {
            asked.add((String) key);
            return super.get(key);
          }

          @Override
          public String getOrDefault(Object key, String fallback) {
            asked.add((String) key);
            return super.getOrDefault(key, fallback);
          }

          @Override
          public boolean containsKey(Object key) {
            asked.add((String) key);
            return super.containsKey(key);
          }
        });
    return asked;
  }
}
