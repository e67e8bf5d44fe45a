package dev.mcpspawner.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Disabling a user ends their sessions at once and refuses new ones; their home volume stays. */
class UserDisableTest {
  static final String NS = "disable";
  static final String HOLD = "test.mcpspawner.dev/hold";

  @RegisterExtension
  static final OperatorHarness harness =
      new OperatorHarness(NS).before(client -> client.resource(Catalog.memory(NS)).create());

  @Test
  void disabledUsersSessionsEndWithReasonUserDisabledAndTheirHomeStays() {
    harness.client().resource(Catalog.user(NS, "dora", null)).create();
    String ready = open("dora");
    harness.awaitPod(ready);
    harness.kubelet.ready(ready);
    harness.awaitPhase(ready, SessionPhase.Ready);
    // A finalizer of the test's keeps this one visible after the operator deletes it.
    McpSession held = Catalog.session(NS, "dora", "memory");
    held.getMetadata().setFinalizers(List.of(HOLD));
    String starting = harness.create(held).getMetadata().getName();
    harness.awaitPod(starting);

    setDisabled("dora", true);

    harness.awaitGone(ready);
    McpSession ended =
        harness.awaitSession(starting, s -> s.getMetadata().getDeletionTimestamp() != null);
    assertThat(ended.getStatus().getPhase()).isEqualTo(SessionPhase.Terminating);
    assertThat(ended.getStatus().getReason()).isEqualTo("UserDisabled");
    assertThat(condition(ended.getStatus().getConditions(), "Ended").getReason())
        .isEqualTo("UserDisabled");
    assertThat(event(ready, "UserDisabled").getMessage()).isEqualTo("user dora is disabled");
    assertThat(event(starting, "UserDisabled")).isNotNull();
    assertThat(
            harness.client().persistentVolumeClaims().inNamespace(NS).withName("home-dora").get())
        .isNotNull();
    release(starting);
  }

  @Test
  void disabledUsersNewSessionFailsWithoutAPodAndReEnablingLetsTheNextOneStart() {
    harness.client().resource(Catalog.user(NS, "ed", null)).create();
    setDisabled("ed", true);
    awaitUserCondition("ed", "Disabled", "True");

    String refused = open("ed");

    McpSession failed = harness.awaitPhase(refused, SessionPhase.Failed);
    assertThat(failed.getStatus().getReason()).isEqualTo("UserDisabled");
    assertThat(failed.getStatus().getMessage()).startsWith("user ed is disabled");
    assertThat(condition(failed.getStatus().getConditions(), "Ended").getReason())
        .isEqualTo("UserDisabled");
    assertThat(harness.pod(refused)).isNull();
    assertThat(event(refused, "UserDisabled")).isNotNull();

    setDisabled("ed", false);
    awaitUserCondition("ed", "Disabled", "False");
    String next = open("ed");

    harness.awaitPod(next);
    assertThat(harness.awaitPhase(next, SessionPhase.Starting).getStatus().getReason()).isNull();
    assertThat(harness.session(refused).getStatus().getPhase()).isEqualTo(SessionPhase.Failed);
  }

  private static String open(String user) {
    return harness.create(Catalog.session(NS, user, "memory")).getMetadata().getName();
  }

  /** As {@code kubectl patch mcpuser <name> --type=merge -p '{"spec":{"disabled":true}}'}. */
  private static void setDisabled(String name, boolean disabled) {
    harness
        .client()
        .resources(McpUser.class)
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"disabled\":" + disabled + "}}");
  }

  private static void awaitUserCondition(String name, String type, String status) {
    OperatorHarness.await()
        .until(
            () -> harness.client().resources(McpUser.class).inNamespace(NS).withName(name).get(),
            u ->
                u.getStatus() != null
                    && u.getStatus().getConditions().stream()
                        .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus())));
  }

  private static void release(String name) {
    harness.editSession(name, s -> s.getMetadata().setFinalizers(List.of()));
  }

  static Condition condition(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static Event event(String name, String reason) {
    return OperatorHarness.await()
        .until(
            () ->
                harness.client().v1().events().inNamespace(NS).list().getItems().stream()
                    .filter(e -> name.equals(e.getInvolvedObject().getName()))
                    .filter(e -> reason.equals(e.getReason()))
                    .findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }
}
