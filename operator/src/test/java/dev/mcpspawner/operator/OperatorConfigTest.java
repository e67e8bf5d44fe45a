package dev.mcpspawner.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.crds.UserQuota;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {
  @Test
  void environmentOverridesDefaults() {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.ofEntries(
                Map.entry("MCP_SPAWNER_NAMESPACES", " a, b ,,"),
                Map.entry("MCP_SPAWNER_RUNNER_IMAGE", "registry.local/runner:2"),
                Map.entry("MCP_SPAWNER_IDLE_TIMEOUT", "15m"),
                Map.entry("MCP_SPAWNER_MAX_LIFETIME", "1d"),
                Map.entry("MCP_SPAWNER_START_TIMEOUT", "90s"),
                Map.entry("MCP_SPAWNER_HOME_ACCESS_MODE", "ReadWriteMany"),
                Map.entry("MCP_SPAWNER_MEMORY_LIMIT", "2Gi"),
                Map.entry("MCP_SPAWNER_EPHEMERAL_STORAGE_REQUEST", "100Mi"),
                Map.entry("MCP_SPAWNER_LEADER_ELECTION", "true"),
                Map.entry("POD_NAMESPACE", "mcp-system"),
                Map.entry("POD_NAME", "operator-abc"),
                Map.entry("MCP_SPAWNER_HTTP_PORT", "9090")));
    assertThat(config.namespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(config.runnerImage()).isEqualTo("registry.local/runner:2");
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.maxLifetime()).isEqualTo(Duration.ofDays(1));
    assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.homeAccessMode()).isEqualTo(AccessMode.ReadWriteMany);
    assertThat(config.defaultLimits()).containsEntry("memory", new Quantity("2Gi"));
    assertThat(config.defaultRequests()).containsEntry("ephemeral-storage", new Quantity("100Mi"));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseNamespace()).isEqualTo("mcp-system");
    assertThat(config.identity()).isEqualTo("operator-abc");
    assertThat(config.httpPort()).isEqualTo(9090);
  }

  @Test
  void emptyEnvironmentWatchesAllNamespacesWithSafeDefaults() {
    OperatorConfig config = OperatorConfig.fromEnv(Map.of());
    assertThat(config.namespaces()).isEmpty();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.defaultLimits()).containsKeys("cpu", "memory", "ephemeral-storage");
    assertThat(config.httpPort()).isEqualTo(8081);
  }

  @Test
  void userDefaultsComeFromTheSameVariablesTheGatewayReads() {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of(
                UserDefaults.ENV_SESSIONS, "4",
                UserDefaults.ENV_CPU, "2",
                UserDefaults.ENV_STORAGE, "5Gi"));
    UserQuota quota = config.userDefaults().quota();
    assertThat(quota.getSessions()).isEqualTo(4);
    assertThat(quota.getCpu()).isEqualTo(new Quantity("2"));
    assertThat(quota.getMemory()).isNull();
    assertThat(quota.getStorage()).isEqualTo(new Quantity("5Gi"));
    assertThat(OperatorConfig.defaults().userDefaults().quota().getSessions()).isEqualTo(10);
  }

  @Test
  void malformedUserDefaultNamesTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of(UserDefaults.ENV_SESSIONS, "-1")))
        .hasMessageContaining(UserDefaults.ENV_SESSIONS);
  }

  @Test
  void malformedSessionPodSettingsNameTheVariable() {
    assertThatThrownBy(
            () -> OperatorConfig.fromEnv(Map.of("MCP_SPAWNER_TOLERATIONS", "key=sandbox")))
        .hasMessageStartingWith("MCP_SPAWNER_TOLERATIONS: not the JSON expected");
    assertThatThrownBy(
            () -> OperatorConfig.fromEnv(Map.of("MCP_SPAWNER_IMAGE_PULL_POLICY", "Sometimes")))
        .hasMessageStartingWith("MCP_SPAWNER_IMAGE_PULL_POLICY: one of");
  }

  @Test
  void malformedDurationNamesTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("MCP_SPAWNER_IDLE_TIMEOUT", "soon")))
        .hasMessageContaining("MCP_SPAWNER_IDLE_TIMEOUT");
  }
}
