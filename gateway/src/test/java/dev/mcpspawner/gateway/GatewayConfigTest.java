package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
  @Test
  void readsTheChartsEnvironmentContract() {
    GatewayConfig c =
        GatewayConfig.fromEnv(
            Map.of(
                "MCP_SPAWNER_SESSIONS_NAMESPACE", "mcp",
                "MCP_SPAWNER_GATEWAY_PORT", "9090",
                "MCP_SPAWNER_PUBLIC_URL", "https://mcp.example.com",
                "MCP_SPAWNER_ALLOWED_ORIGINS", "https://claude.ai, https://app.example.com",
                "MCP_SPAWNER_ADMIN_GROUPS", "ops,sre",
                "MCP_SPAWNER_API_KEYS_FILE", "/etc/mcp-spawner/api-keys.json",
                "MCP_SPAWNER_SPAWN_TIMEOUT", "90s",
                "MCP_SPAWNER_ACTIVITY_INTERVAL", "15s"),
            "default");
    assertThat(c.namespace()).isEqualTo("mcp");
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.allowedOrigins())
        .containsExactlyInAnyOrder("https://claude.ai", "https://app.example.com");
    assertThat(c.adminGroups()).isEqualTo(Set.of("ops", "sre"));
    assertThat(c.apiKeysFile()).isEqualTo(Path.of("/etc/mcp-spawner/api-keys.json"));
    assertThat(c.spawnTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.activityInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.upstreamTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void defaultsNeedOnlyANamespace() {
    GatewayConfig c = GatewayConfig.fromEnv(Map.of(), "fallback");
    assertThat(c.namespace()).isEqualTo("fallback");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.activityInterval()).isEqualTo(Duration.ofSeconds(30));
  }
}
