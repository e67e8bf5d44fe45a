package dev.mcpspawner.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.crds.UserUsageBucket;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.StatusWrite;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's status write of a McpUser never puts back an older copy of what the gateways keep
 * in the same status ({@code status.usage}): it is made against the version it was computed from.
 */
class UserStatusConflictTest {
  static final String NS = "user-conflict";
  private final OperatorHarness harness = new OperatorHarness(UserStatusConflictTest.class, NS);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void aWriteFromAStaleCopyIsRefusedAndTheGatewaysUsageStays() {
    McpUser stale =
        harness
            .client()
            .resource(Catalog.user(NS, "ada", new UserQuota(3, null, null, null)))
            .create();
    // A gateway counts a tool call meanwhile (its own status write, under its own precondition).
    UserUsageBucket bucket = new UserUsageBucket("2026-12-04T10:00:00Z");
    bucket.setToolCalls(7L);
    StatusWrite.patchStatus(
        users(),
        List.of(Map.of("op", "add", "path", "/status", "value", Map.of("usage", List.of(bucket)))));
    McpUserReconciler reconciler =
        new McpUserReconciler(OperatorConfig.defaults(), Clock.systemUTC());

    UpdateControl<McpUser> refused = reconciler.reconcile(stale, context());

    assertThat(refused.getScheduleDelay())
        .contains(McpUserReconciler.RETRY_AFTER_CONFLICT.toMillis());
    assertThat(usageOf(users().get())).isEqualTo(7L);
    assertThat(users().get().getStatus().getSessionsSummary()).isNull();

    UpdateControl<McpUser> written = reconciler.reconcile(users().get(), context());

    assertThat(written.getScheduleDelay()).isEmpty();
    McpUser after = users().get();
    assertThat(after.getStatus().getSessionsSummary()).isEqualTo("0/3");
    assertThat(usageOf(after))
        .as("the gateway's count survives the operator's write")
        .isEqualTo(7L);
  }

  private io.fabric8.kubernetes.client.dsl.Resource<McpUser> users() {
    return harness.client().resources(McpUser.class).inNamespace(NS).withName("ada");
  }

  private static Long usageOf(McpUser user) {
    return user.getStatus().getUsage().get(0).getToolCalls();
  }

  private Context<McpUser> context() {
    return harness.clientOnlyContext();
  }
}
