package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stateless sandbox ended and created again keeps its name, so its predecessor's pod may still be
 * terminating under that name. The new session must not take that pod for its own (its runner is
 * shutting down, and it goes): it waits, then gets a pod of its own.
 */
class PredecessorPodTest {
  static final String NS = "predecessor";

  @RegisterExtension
  static final OperatorHarness harness =
      new OperatorHarness(NS).before(client -> client.resource(Catalog.everything(NS)).create());

  @Test
  void aPodOfTheSameNameOwnedByAnEndedSessionIsNotAdoptedAndIsReplacedOnceGone() {
    String name = Names.newSessionName();
    Pod predecessor =
        harness
            .client()
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(Names.podName(name))
                    .withNamespace(NS)
                    .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
                    .withOwnerReferences(
                        new OwnerReferenceBuilder()
                            .withApiVersion(McpSpawner.API_VERSION)
                            .withKind("McpSession")
                            .withName(name)
                            .withUid("uid-of-the-ended-session")
                            .withController(true)
                            .build())
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("mcp")
                    .withImage("old")
                    .endContainer()
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Running")
                    .withPodIP("10.0.0.9")
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build())
            .create();

    McpSession session =
        harness.create(Catalog.session(NS, name, "nina", "everything", "claude-ai"));

    // Not Ready on the predecessor's ready pod, and no pod name of its own yet.
    OperatorHarness.await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> harness.session(name),
            s ->
                s.getStatus() == null
                    || (s.getStatus().getEndpoint() == null && s.getStatus().getPodName() == null));
    assertThat(harness.pod(Names.podName(name)).getMetadata().getUid())
        .isEqualTo(predecessor.getMetadata().getUid());

    harness.client().resource(predecessor).delete();

    Pod own =
        OperatorHarness.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> harness.pod(Names.podName(name)),
                p ->
                    p != null
                        && p.getMetadata().getOwnerReferences().stream()
                            .anyMatch(o -> o.getUid().equals(session.getMetadata().getUid())));
    assertThat(own.getSpec().getContainers().get(0).getImage()).isNotEqualTo("old");
  }
}
