package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDefaultsTest {
  @Test
  void aUsersOwnFieldsWinAndTheDefaultsFillTheRest() {
    UserDefaults defaults =
        UserDefaults.fromEnv(
            Map.of(
                UserDefaults.ENV_SESSIONS, "5",
                UserDefaults.ENV_MEMORY, "4Gi",
                UserDefaults.ENV_REQUESTS_PER_MINUTE, "120"));
    McpUser user = new McpUser();
    user.setSpec(new McpUserSpec("alice@example.com"));
    user.getSpec().setQuota(new UserQuota(2, new Quantity("1"), null, null));
    UserQuota quota = defaults.quotaOf(user);
    assertThat(quota.getSessions()).isEqualTo(2);
    assertThat(quota.getCpu()).isEqualTo(new Quantity("1"));
    assertThat(quota.getMemory()).isEqualTo(new Quantity("4Gi"));
    assertThat(defaults.rateLimitOf(user).getRequestsPerMinute()).isEqualTo(120);
    assertThat(defaults.rateLimitOf(user).getBurst())
        .isEqualTo(UserDefaults.BUILT_IN.rateLimit().getBurst());
  }

  @Test
  void withoutAnMcpUserTheDefaultsApply() {
    assertThat(UserDefaults.BUILT_IN.quotaOf(null).getSessions()).isEqualTo(10);
  }

  @Test
  void badDefaultsAreRefusedNamingTheVariable() {
    assertThatThrownBy(() -> UserDefaults.fromEnv(Map.of(UserDefaults.ENV_SESSIONS, "-1")))
        .hasMessageContaining(UserDefaults.ENV_SESSIONS);
    assertThatThrownBy(() -> UserDefaults.fromEnv(Map.of(UserDefaults.ENV_MEMORY, "-4Gi")))
        .hasMessageContaining(UserDefaults.ENV_MEMORY);
    assertThatThrownBy(() -> UserDefaults.fromEnv(Map.of(UserDefaults.ENV_BURST, "zero")))
        .hasMessageContaining(UserDefaults.ENV_BURST);
  }
}
