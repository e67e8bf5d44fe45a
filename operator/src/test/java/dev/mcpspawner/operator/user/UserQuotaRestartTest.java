package dev.mcpspawner.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quota holds across an operator restart: what it admitted before is counted again from the API
 * (the sessions' pods), not from memory; and a user without a McpUser gets the defaults.
 */
class UserQuotaRestartTest {
  static final String NS = "quota-restart";

  @RegisterExtension
  static final OperatorHarness harness =
      new OperatorHarness(NS)
          .configure(
              c -> c.userDefaults(UserDefaults.fromEnv(Map.of(UserDefaults.ENV_SESSIONS, "2"))))
          .before(client -> client.resource(Catalog.everything(NS)).create())
          .startedByTheTests();

  @Test
  void restartedOperatorCountsTheSessionsThatAlreadyHavePods() {
    harness.start();
    var before = IntStream.range(0, 2).mapToObj(i -> open()).toList();
    before.forEach(harness::awaitPod);
    harness.stop();

    var after = IntStream.range(0, 3).mapToObj(i -> open()).toList();
    harness.start();

    for (String name : after) {
      McpSession refused = harness.awaitPhase(name, SessionPhase.Failed);
      assertThat(refused.getStatus().getReason()).isEqualTo("QuotaExceeded");
      assertThat(refused.getStatus().getMessage()).startsWith("2 of 2 sessions open");
      assertThat(harness.pod(name)).isNull();
    }
    assertThat(harness.client().pods().inNamespace(NS).list().getItems()).hasSize(2);
    var registry = harness.operator().registry();
    assertThat(
            registry
                .get("mcpspawner.session.refusals")
                .tag("reason", "QuotaExceeded")
                .counter()
                .count())
        .isEqualTo(3);
    assertThat(registry.get("mcpspawner.users.active").gauge().value()).isEqualTo(1);
  }

  private static String open() {
    return harness.create(Catalog.session(NS, "nina", "everything")).getMetadata().getName();
  }
}
