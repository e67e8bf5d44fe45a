package dev.mcpspawner.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.contracts.config.LogOptions;
import dev.mcpspawner.contracts.testing.OptionChecks;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorOptionsTest {

  /** The README's table is the declared options, so neither can drift from the other. */
  @Test
  void readmeTableIsTheDeclaredOptions() throws Exception {
    OptionChecks.assertReadmeCarries(Path.of("README.md"), OperatorOptions.ALL);
  }

  /**
   * fromEnv looks up every declared option and nothing else, so a variable the chart sets is never
   * silently ignored and no variable is read without being documented. The log level is read by
   * logback.xml, not by the configuration.
   */
  @Test
  void fromEnvReadsExactlyTheDeclaredOptions() {
    Set<String> expected = new LinkedHashSet<>(OperatorOptions.ALL.names());
    expected.remove(LogOptions.LEVEL.name());
    assertThat(OptionChecks.namesLookedUp(Map.of(), OperatorConfig::fromEnv))
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
