package dev.mcpspawner.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator is the authority on quotas: a session beyond its user's quota gets no pod. */
class UserQuotaTest {
  static final String NS = "quota";

  @RegisterExtension
  static final OperatorHarness harness = new OperatorHarness(NS).before(UserQuotaTest::catalog);

  private static void catalog(KubernetesClient client) {
    client.resource(Catalog.memory(NS)).create();
    McpServerSpec big = new McpServerSpec();
    big.setCommand("npx");
    big.setResources(
        new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("500m"))
            .addToRequests("memory", new Quantity("256Mi"))
            .build());
    client.resource(Catalog.server(NS, "big", big)).create();
  }

  @Test
  void sixtySessionsOpenedAtOnceByOneUserGetExactlyTheirQuotaOfPods() throws Exception {
    String subject = "ivy@example.com";
    harness
        .client()
        .resource(Catalog.user(NS, subject, new UserQuota(3, null, null, null)))
        .create();

    try (var pool = Executors.newFixedThreadPool(12)) {
      IntStream.range(0, 60)
          .forEach(i -> pool.submit(() -> harness.create(Catalog.session(NS, subject, "memory"))));
    }

    OperatorHarness.await()
        .until(() -> failed(subject, "QuotaExceeded").size() == 57 && podsOf(subject).size() == 3);
    assertThat(failed(subject, "QuotaExceeded"))
        .allSatisfy(
            s ->
                assertThat(s.getStatus().getMessage())
                    .isEqualTo(
                        "3 of 3 sessions open: close one, or ask an administrator for more"));
    assertThat(sessionsOf(subject))
        .filteredOn(s -> s.getStatus().getPhase() != SessionPhase.Failed)
        .hasSize(3);
    // Refused sessions got no runner Secret either.
    assertThat(harness.runnerSecrets()).hasSize(3);
    assertThat(
            harness
                .operator()
                .registry()
                .get("mcpspawner.session.refusals")
                .tag("reason", "QuotaExceeded")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(57);
  }

  @Test
  void cpuQuotaRefusesTheSessionThatWouldExceedIt() {
    String subject = "carl";
    harness
        .client()
        .resource(Catalog.user(NS, subject, new UserQuota(null, new Quantity("1"), null, null)))
        .create();
    String first = open(subject, "big");
    String second = open(subject, "big");
    harness.awaitPod(first);
    harness.awaitPod(second);

    String third = open(subject, "big");

    McpSession refused = harness.awaitPhase(third, SessionPhase.Failed);
    assertThat(refused.getStatus().getReason()).isEqualTo("QuotaExceeded");
    assertThat(refused.getStatus().getMessage())
        .isEqualTo(
            "1 of 1 CPU requested by 2 open sessions, a new one needs 500m: close one, or ask an"
                + " administrator for more");
    assertThat(harness.pod(third)).isNull();
  }

  @Test
  void memoryQuotaRefusesTheSessionThatWouldExceedIt() {
    String subject = "mona";
    harness
        .client()
        .resource(Catalog.user(NS, subject, new UserQuota(null, null, new Quantity("300Mi"), null)))
        .create();
    harness.awaitPod(open(subject, "big"));

    String second = open(subject, "big");

    McpSession refused = harness.awaitPhase(second, SessionPhase.Failed);
    assertThat(refused.getStatus().getReason()).isEqualTo("QuotaExceeded");
    assertThat(refused.getStatus().getMessage())
        .startsWith("256Mi of 300Mi memory requested by 1 open sessions, a new one needs 256Mi");
    assertThat(harness.pod(second)).isNull();
  }

  @Test
  void homeVolumeTakesItsSizeFromTheUsersStorageQuota() {
    String subject = "sam";
    harness
        .client()
        .resource(Catalog.user(NS, subject, new UserQuota(null, null, null, new Quantity("5Gi"))))
        .create();

    harness.awaitPod(open(subject, "memory"));

    var claim =
        harness.client().persistentVolumeClaims().inNamespace(NS).withName("home-sam").get();
    assertThat(claim.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity("5Gi"));
  }

  private static String open(String subject, String server) {
    return harness.create(Catalog.session(NS, subject, server)).getMetadata().getName();
  }

  private static List<McpSession> sessionsOf(String subject) {
    return harness.client().resources(McpSession.class).inNamespace(NS).list().getItems().stream()
        .filter(s -> s.getSpec().getUser().equals(subject))
        .filter(s -> s.getStatus() != null)
        .toList();
  }

  private static List<McpSession> failed(String subject, String reason) {
    return sessionsOf(subject).stream()
        .filter(s -> s.getStatus().getPhase() == SessionPhase.Failed)
        .filter(s -> reason.equals(s.getStatus().getReason()))
        .toList();
  }

  private static List<Pod> podsOf(String subject) {
    return harness
        .client()
        .pods()
        .inNamespace(NS)
        .withLabel(McpSpawner.LABEL_USER, dev.mcpspawner.crds.Names.userSlug(subject))
        .list()
        .getItems();
  }
}
