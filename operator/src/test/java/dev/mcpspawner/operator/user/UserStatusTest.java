package dev.mcpspawner.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A McpUser's status follows the user's sessions and says what is wrong with a bad spec. */
class UserStatusTest {
  static final String NS = "user-status";

  @RegisterExtension
  static final OperatorHarness harness =
      new OperatorHarness(NS).before(client -> client.resource(Catalog.everything(NS)).create());

  @Test
  void statusCountsTheUsersSessionsAndTheirRequestsAsTheyComeAndGo() {
    harness.client().resource(Catalog.user(NS, "max", new UserQuota(2, null, null, null))).create();
    McpUser idle = awaitUser("max", u -> "0/2".equals(u.getStatus().getSessionsSummary()));
    assertThat(condition(idle, "QuotaReached").getStatus()).isEqualTo("False");
    assertThat(idle.getStatus().getEffectiveQuota().getSessions()).isEqualTo(2);

    String first = open("max");
    McpUser one = awaitUser("max", u -> "1/2".equals(u.getStatus().getSessionsSummary()));
    assertThat(one.getStatus().getActiveSessions()).isEqualTo(1);
    // The operator's default requests: 50m CPU and 128Mi memory per session pod.
    assertThat(one.getStatus().getCpuRequested()).isEqualTo(new Quantity("50m"));
    assertThat(one.getStatus().getMemoryRequested()).isEqualTo(new Quantity("128Mi"));

    String second = open("max");
    McpUser full = awaitUser("max", u -> "2/2".equals(u.getStatus().getSessionsSummary()));
    assertThat(full.getStatus().getCpuRequested()).isEqualTo(new Quantity("100m"));
    assertThat(full.getStatus().getMemoryRequested()).isEqualTo(new Quantity("256Mi"));
    Condition reached = condition(full, "QuotaReached");
    assertThat(reached.getStatus()).as("%s", full.getStatus().getConditions()).isEqualTo("True");
    assertThat(reached.getMessage()).startsWith("2 of 2 sessions open");

    // What the gateway writes, throttled, as a merge patch of the annotation.
    String seen = Timestamps.format(harness.clock.instant().plus(Duration.ofMinutes(3)));
    harness
        .client()
        .resources(McpSession.class)
        .inNamespace(NS)
        .withName(first)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\""
                + McpSpawner.ANNOTATION_LAST_ACTIVITY
                + "\":\""
                + seen
                + "\"}}}");
    awaitUser("max", u -> seen.equals(u.getStatus().getLastSeen()));

    harness.client().resources(McpSession.class).inNamespace(NS).withName(first).delete();
    harness.client().resources(McpSession.class).inNamespace(NS).withName(second).delete();
    McpUser after = awaitUser("max", u -> "0/2".equals(u.getStatus().getSessionsSummary()));
    assertThat(condition(after, "QuotaReached").getStatus()).isEqualTo("False");
    assertThat(after.getStatus().getCpuRequested()).isEqualTo(new Quantity("0"));
    assertThat(after.getStatus().getLastSeen()).as("kept after the sessions end").isEqualTo(seen);
    assertThat(after.getStatus().getObservedGeneration())
        .isEqualTo(after.getMetadata().getGeneration());
  }

  @Test
  void userWithANegativeQuotaAWrongNameAndABadCutoffIsNotValidAndSaysWhy() {
    McpUser bad =
        Catalog.user(NS, "alice@example.com", new UserQuota(null, new Quantity("-1"), null, null));
    bad.getMetadata().setName("alice");
    bad.getSpec().setTokensNotBefore("yesterday");
    harness.client().resource(bad).create();

    Condition valid = condition(awaitUser("alice", u -> condition(u, "Valid") != null), "Valid");

    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getReason()).isEqualTo("Invalid");
    String slug = dev.mcpspawner.crds.Names.userSlug("alice@example.com");
    assertThat(valid.getMessage())
        .contains(
            "the name must be the slug of spec.subject 'alice@example.com', which is '" + slug)
        .contains("create it as " + slug + " instead")
        .contains("spec.quota.cpu is -1: a quota cannot be negative")
        .contains("spec.tokensNotBefore 'yesterday' is not an RFC 3339 instant");
  }

  @Test
  void wellFormedUserIsValidAndEnabled() {
    harness.client().resource(Catalog.user(NS, "vera", null)).create();

    McpUser vera = awaitUser("vera", u -> condition(u, "Valid") != null);

    assertThat(condition(vera, "Valid").getStatus()).isEqualTo("True");
    assertThat(condition(vera, "Disabled").getStatus()).isEqualTo("False");
    assertThat(vera.getStatus().getSessionsSummary()).isEqualTo("0/10");
  }

  private static String open(String user) {
    return harness.create(Catalog.session(NS, user, "everything")).getMetadata().getName();
  }

  private static McpUser awaitUser(String name, Predicate<McpUser> condition) {
    return OperatorHarness.await()
        .until(
            () -> harness.client().resources(McpUser.class).inNamespace(NS).withName(name).get(),
            u ->
                u != null
                    && u.getStatus() != null
                    && u.getStatus().getSessionsSummary() != null
                    && condition.test(u));
  }

  private static Condition condition(McpUser user, String type) {
    return user.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
