package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.contracts.testing.OptionChecks;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayOptionsTest {

  /** The README's table is the declared options, so neither can drift from the other. */
  @Test
  void readmeTableIsTheDeclaredOptions() throws Exception {
    OptionChecks.assertReadmeCarries(Path.of("README.md"), GatewayOptions.ALL);
  }

  /** Every variable GatewayConfig looks up is declared (sign-in's are read by SignIn). */
  @Test
  void fromEnvReadsOnlyDeclaredOptions() {
    assertThat(OptionChecks.namesLookedUp(Map.of(), env -> GatewayConfig.fromEnv(env, "ns")))
        .isNotEmpty()
        .isSubsetOf(GatewayOptions.ALL.names());
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
