package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** users.defaults in values.yaml: one set of limits, told alike to the gateway and the operator. */
class UserDefaultsTemplatesTest {

  @Test
  void defaultsAreTenSessionsNoCpuOrMemoryCapAndNoRateLimit() {
    RenderedChart chart = RenderedChart.withDefaults();
    UserDefaults defaults =
        OperatorConfig.fromEnv(
                OperatorTemplatesTest.runtimeEnv(OperatorTemplatesTest.operator(chart)))
            .userDefaults();

    assertThat(defaults.quota().getSessions()).isEqualTo(10);
    assertThat(defaults.quota().getCpu()).isNull();
    assertThat(defaults.quota().getMemory()).isNull();
    assertThat(defaults.quota().getStorage()).as("the home volume's own size applies").isNull();
    assertThat(defaults.rateLimit().getRequestsPerMinute()).isZero();
    assertThat(defaults.rateLimit().getBurst()).isEqualTo(60);
    assertThat(userEnv(OperatorTemplatesTest.runtimeEnv(OperatorTemplatesTest.operator(chart))))
        .containsOnlyKeys(
            UserDefaults.ENV_SESSIONS,
            UserDefaults.ENV_REQUESTS_PER_MINUTE,
            UserDefaults.ENV_BURST);
  }

  @Test
  void everyDefaultAnInstallationSetsReachesBothTheGatewayAndTheOperator() {
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    Map<String, String> operator =
        userEnv(OperatorTemplatesTest.runtimeEnv(OperatorTemplatesTest.operator(chart)));
    Map<String, String> gateway =
        userEnv(OperatorTemplatesTest.runtimeEnv(GatewayTemplatesTest.gateway(chart)));

    assertThat(gateway).isEqualTo(operator);
    UserDefaults defaults = UserDefaults.fromEnv(gateway);
    UserQuota quota = defaults.quota();
    assertThat(quota.getSessions()).isEqualTo(3);
    assertThat(quota.getCpu()).isEqualTo(new Quantity("2"));
    assertThat(quota.getMemory()).isEqualTo(new Quantity("4Gi"));
    assertThat(quota.getStorage()).isEqualTo(new Quantity("5Gi"));
    assertThat(defaults.rateLimit().getRequestsPerMinute()).isEqualTo(120);
    assertThat(defaults.rateLimit().getBurst()).isEqualTo(30);
  }

  @Test
  void zeroIsALimitNotAnAbsentValue() {
    RenderedChart chart = RenderedChart.renderWith(Map.of("users.defaults.sessions", "0"));
    assertThat(userEnv(OperatorTemplatesTest.runtimeEnv(OperatorTemplatesTest.operator(chart))))
        .containsEntry(UserDefaults.ENV_SESSIONS, "0");
  }

  @Test
  void negativeOrFractionalCountsFailWithAMessage() {
    assertThatThrownBy(() -> RenderedChart.renderWith(Map.of("users.defaults.sessions", "-1")))
        .hasMessageContaining("users.defaults.sessions: must be a whole number");
    assertThatThrownBy(() -> RenderedChart.renderWith(Map.of("users.defaults.burst", "1.5")))
        .hasMessageContaining("users.defaults.burst: must be a whole number");
  }

  private static Map<String, String> userEnv(Map<String, String> env) {
    Map<String, String> user = new TreeMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith("MCP_SPAWNER_USER_DEFAULT_")) {
            user.put(name, value);
          }
        });
    return user;
  }
}
