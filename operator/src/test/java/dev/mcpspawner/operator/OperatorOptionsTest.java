package dev.mcpspawner.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.contracts.config.LogOptions;
import dev.mcpspawner.contracts.config.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorOptionsTest {

  /** The README's table is the declared options, so neither can drift from the other. */
  @Test
  void readmeTableIsTheDeclaredOptions() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(Options.readmeSection(readme))
        .as("operator/README.md between the option markers; regenerate it from this")
        .isEqualTo(OperatorOptions.ALL.markdownTable());
  }

  /**
   * fromEnv looks up every declared option and nothing else, so a variable the chart sets is never
   * silently ignored and no variable is read without being documented. The log level is read by
   * logback.xml, not by the configuration.
   */
  @Test
  void fromEnvReadsExactlyTheDeclaredOptions() {
    Set<String> asked = new LinkedHashSet<>();
    var env =
        new HashMap<String, String>() {
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
        };
    OperatorConfig.fromEnv(env);
    Set<String> expected = new LinkedHashSet<>(OperatorOptions.ALL.names());
    expected.remove(LogOptions.LEVEL.name());
    assertThat(asked).containsExactlyInAnyOrderElementsOf(expected);
  }
}
