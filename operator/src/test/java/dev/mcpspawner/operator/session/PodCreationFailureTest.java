package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API refusing the pod (a ResourceQuota here) shows on the session, then fails it. */
class PodCreationFailureTest {
  static final String NS = "quota";
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness(PodCreationFailureTest.class, NS);
    harness
        .api
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NS + "/pods")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("pods \"x\" is forbidden: exceeded quota: sessions, requested: pods=1")
                .build())
        .always();
    harness.client().resource(Catalog.everything(NS)).create();
    harness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void refusedPodIsReportedWhileRetryingAndFailsTheSessionAtItsStartTimeout() {
    String name = harness.create(Catalog.session(NS, "pat", "everything")).getMetadata().getName();

    McpSession pending =
        harness.awaitSession(
            name, s -> s.getStatus() != null && s.getStatus().getMessage() != null);
    assertThat(pending.getStatus().getPhase()).isEqualTo(SessionPhase.Pending);
    assertThat(pending.getStatus().getMessage()).contains("exceeded quota");

    harness.clock.advance(harness.config().startTimeout());

    McpSession failed = harness.awaitPhase(name, SessionPhase.Failed);
    assertThat(failed.getStatus().getReason()).isEqualTo("PodCreationFailed");
    assertThat(failed.getStatus().getMessage()).contains("exceeded quota");
  }
}
