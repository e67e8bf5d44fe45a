package dev.mcpspawner.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A McpServer's status sums what its open sessions' pods request, as they come and go. */
class ServerRequestsTest {
  static final String NS = "server-requests";
  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = new OperatorHarness(ServerRequestsTest.class, NS);
    harness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void statusSumsTheRequestsOfTheServersOpenSessions() {
    McpServer sized = Catalog.everything(NS);
    sized.getMetadata().setName("sized");
    // Its own CPU request; memory is the operator's default (128Mi).
    sized
        .getSpec()
        .setResources(
            new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("250m")).build());
    harness.client().resource(sized).create();
    harness.client().resource(Catalog.everything(NS)).create();
    McpServer idle = awaitServer("sized", s -> Integer.valueOf(0).equals(s.getActiveSessions()));
    assertThat(idle.getStatus().getCpuRequested()).isEqualTo(new Quantity("0"));

    String first = open("ada", "sized");
    String second = open("bob", "sized");
    open("ada", "everything");
    McpServer two = awaitServer("sized", s -> Integer.valueOf(2).equals(s.getActiveSessions()));
    assertThat(two.getStatus().getCpuRequested()).isEqualTo(new Quantity("500m"));
    assertThat(two.getStatus().getMemoryRequested()).isEqualTo(new Quantity("256Mi"));
    McpServer other =
        awaitServer("everything", s -> Integer.valueOf(1).equals(s.getActiveSessions()));
    assertThat(other.getStatus().getCpuRequested()).isEqualTo(new Quantity("50m"));

    harness.client().resources(McpSession.class).inNamespace(NS).withName(first).delete();
    McpServer one = awaitServer("sized", s -> Integer.valueOf(1).equals(s.getActiveSessions()));
    assertThat(one.getStatus().getCpuRequested()).isEqualTo(new Quantity("250m"));
    assertThat(one.getStatus().getMemoryRequested()).isEqualTo(new Quantity("128Mi"));
    assertThat(condition(one)).isEqualTo("True");
    harness.client().resources(McpSession.class).inNamespace(NS).withName(second).delete();
    awaitServer("sized", s -> Integer.valueOf(0).equals(s.getActiveSessions()));
  }

  private static String open(String user, String server) {
    return harness.create(Catalog.session(NS, user, server)).getMetadata().getName();
  }

  private static String condition(McpServer server) {
    return Conditions.find(server.getStatus().getConditions(), McpServerReconciler.VALID)
        .map(Condition::getStatus)
        .orElse(null);
  }

  private static McpServer awaitServer(
      String name, Predicate<dev.mcpspawner.crds.McpServerStatus> condition) {
    return OperatorHarness.await()
        .until(
            () -> harness.client().resources(McpServer.class).inNamespace(NS).withName(name).get(),
            s -> s != null && s.getStatus() != null && condition.test(s.getStatus()));
  }
}
