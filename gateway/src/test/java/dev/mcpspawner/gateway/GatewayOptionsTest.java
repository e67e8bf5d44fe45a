package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.contracts.config.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

  /** The README's table is the declared options, so neither can drift from the other. */
  @Test
  void readmeTableIsTheDeclaredOptions() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(Options.readmeSection(readme))
        .as("gateway/README.md between the option markers; regenerate it from this")
        .isEqualTo(GatewayOptions.ALL.markdownTable());
  }

  /** Every variable GatewayConfig looks up is declared (sign-in's are read by SignIn). */
  @Test
  void fromEnvReadsOnlyDeclaredOptions() {
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
    GatewayConfig.fromEnv(env, "ns");
    assertThat(asked).isNotEmpty().isSubsetOf(GatewayOptions.ALL.names());
  }

  @Test
  void defaultsAreTheDeclaredFallbacks() {
    GatewayConfig d = GatewayConfig.defaults("ns");
    assertThat(d.namespace()).isEqualTo("ns");
    assertThat(d.port()).isEqualTo(8080);
    assertThat(d.maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(d.allowedOrigins()).isEmpty();
    assertThat(d.apiKeysFile()).isNull();
    assertThat(
            GatewayConfig.fromEnv(Map.of("MCP_SPAWNER_SESSIONS_NAMESPACE", "s"), "ns").namespace())
        .isEqualTo("s");
  }

  @Test
  void malformedValuesNameTheirVariable() {
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MCP_SPAWNER_GATEWAY_PORT", "x"), "n"))
        .hasMessageStartingWith("MCP_SPAWNER_GATEWAY_PORT: ");
    assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("MCP_SPAWNER_MAX_BODY_BYTES", "-1"), "n"))
        .hasMessageStartingWith("MCP_SPAWNER_MAX_BODY_BYTES: ");
    assertThatThrownBy(
            () -> GatewayConfig.fromEnv(Map.of("MCP_SPAWNER_SPAWN_TIMEOUT", "2 min"), "n"))
        .hasMessageStartingWith("MCP_SPAWNER_SPAWN_TIMEOUT: ");
  }
}
