package dev.mcpspawner.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {
  enum Mode {
    ReadWriteOnce,
    ReadWriteMany
  }

  static final Option<Integer> PORT =
      Option.of("X_PORT", "8080", Parsers.integer(0, 65535), "port");
  static final Option<Duration> TIMEOUT =
      Option.of("X_TIMEOUT", "30s", Parsers.duration(), "how long | at most");
  static final Option<String> NAME = Option.of("X_NAME", null, Parsers.text(), "a name");

  @Test
  void unsetOrBlankMeansTheFallbackAndValuesAreTrimmed() {
    assertThat(PORT.from(Map.of())).isEqualTo(8080);
    assertThat(PORT.from(Map.of("X_PORT", "  "))).isEqualTo(8080);
    assertThat(PORT.from(Map.of("X_PORT", " 9000 "))).isEqualTo(9000);
    assertThat(NAME.from(Map.of())).isNull();
    assertThat(NAME.isSet(Map.of("X_NAME", " "))).isFalse();
    assertThat(NAME.isSet(Map.of("X_NAME", "a"))).isTrue();
    assertThat(TIMEOUT.from(Map.of("X_TIMEOUT", "1h30m"))).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void aMalformedValueNamesItsVariableAndTheReason() {
    assertThatThrownBy(() -> PORT.from(Map.of("X_PORT", "80a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X_PORT: must be a whole number, not '80a'");
    assertThatThrownBy(() -> PORT.from(Map.of("X_PORT", "70000")))
        .hasMessage("X_PORT: must be from 0 to 65535, not 70000");
    assertThatThrownBy(() -> TIMEOUT.from(Map.of("X_TIMEOUT", "30")))
        .hasMessageStartingWith("X_TIMEOUT: '30' is not a duration");
  }

  @Test
  void booleansAndEnumsAreReadStrictly() {
    assertThat(Parsers.bool().parse("TRUE")).isTrue();
    assertThat(Parsers.bool().parse("false")).isFalse();
    assertThatThrownBy(() -> Parsers.bool().parse("yes")).hasMessageContaining("true or false");
    assertThat(Parsers.enumValue(Mode.class).parse("ReadWriteMany")).isEqualTo(Mode.ReadWriteMany);
    assertThatThrownBy(() -> Parsers.enumValue(Mode.class).parse("readwritemany"))
        .hasMessageContaining("[ReadWriteOnce, ReadWriteMany]");
    assertThat(Parsers.commaSet().parse(" a, ,b ,a")).isEqualTo(Set.of("a", "b"));
    // In the order given: image pull secrets, for one, are tried in it.
    assertThat(Parsers.commaSet().parse("registry-b,registry-a,registry-c"))
        .containsExactly("registry-b", "registry-a", "registry-c");
  }

  @Test
  void declarationsThatCannotWorkAreRefused() {
    assertThatThrownBy(() -> Option.of("x-port", null, Parsers.text(), "d"))
        .hasMessageContaining("not an environment variable name");
    assertThatThrownBy(() -> Option.of("X", "soon", Parsers.duration(), "d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Options.of(PORT, NAME).and(Options.of(PORT)))
        .hasMessage("option declared twice: X_PORT");
  }

  @Test
  void theDocsTableHasOneRowAnOptionAndIsFoundBetweenItsMarkers() {
    Options options = Options.of(PORT, TIMEOUT, NAME);
    String table = options.markdownTable();
    assertThat(options.markdownRows())
        .containsExactly(
            "| `X_PORT` | `8080` | port |",
            "| `X_TIMEOUT` | `30s` | how long \\| at most |",
            "| `X_NAME` | unset | a name |");
    String readme =
        "# R\n\nintro\n" + Options.README_BEGIN + "\n" + table + "\n" + Options.README_END + "\n";
    assertThat(Options.readmeSection(readme)).isEqualTo(table);
    assertThat(Options.readmeSection("# no table")).isNull();
  }
}
