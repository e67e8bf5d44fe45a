package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.Transport;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a session can fail ends in phase Failed, fast, with a reason a person can act on. */
class SessionFailureTest {
  static final String NS = "failures";

  @RegisterExtension
  static final OperatorHarness harness =
      new OperatorHarness(NS).before(SessionFailureTest::catalog);

  private static void catalog(KubernetesClient client) {
    client.resource(Catalog.everything(NS)).create();
    McpServerSpec broken = new McpServerSpec();
    broken.setArgs(List.of("--data", "{HOME_DIR}/x"));
    client.resource(Catalog.server(NS, "broken", broken)).create();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CrashLoopBackOff",
        "ImagePullBackOff",
        "ErrImagePull",
        "CreateContainerConfigError"
      })
  void containerThatCannotStartFailsTheSessionWithItsReason(String reason) {
    String name = startSession("waiting-" + reason.toLowerCase());
    harness.kubelet.waiting(name, reason, "details of " + reason);

    McpSession failed = harness.awaitPhase(name, SessionPhase.Failed);

    assertThat(failed.getStatus().getReason()).isEqualTo(reason);
    assertThat(failed.getStatus().getMessage()).contains("details of " + reason);
    assertThat(failed.getStatus().getEndpoint()).isNull();
    assertThat(condition(failed, "Ended").getReason()).isEqualTo(reason);
    assertThat(eventReasons(name)).contains(reason);
  }

  @Test
  void serverExitingDuringStartFailsWithExitCodeAndStderrTail() {
    String name = startSession("exits");
    String stderr = "npm ERR! 404 Not Found - @modelcontextprotocol/server-nothing\n";
    harness.kubelet.terminated(name, 127, stderr);

    McpSession failed = harness.awaitPhase(name, SessionPhase.Failed);

    assertThat(failed.getStatus().getReason()).isEqualTo("ServerExited");
    assertThat(failed.getStatus().getExitCode()).isEqualTo(127);
    assertThat(failed.getStatus().getStderrTail()).isEqualTo(stderr);
    assertThat(failed.getStatus().getMessage()).contains("127");
  }

  @Test
  void serverExitingAfterReadyFailsTheSessionToo() {
    String name = startSession("exits-later");
    harness.kubelet.ready(name);
    harness.awaitPhase(name, SessionPhase.Ready);

    harness.kubelet.terminated(name, 1, "panic: out of cheese");

    McpSession failed = harness.awaitPhase(name, SessionPhase.Failed);
    assertThat(failed.getStatus().getExitCode()).isEqualTo(1);
    assertThat(failed.getStatus().getStderrTail()).isEqualTo("panic: out of cheese");
    assertThat(failed.getStatus().getEndpoint()).isNull();
  }

  @Test
  void podThatCannotBeScheduledFailsOnceTheScheduleDeadlinePassed() {
    McpSession failed =
        failsOnceOverdue(
            "unschedulable", harness.kubelet::unschedulable, harness.config().scheduleDeadline());
    assertThat(failed.getStatus().getReason()).isEqualTo("Unschedulable");
    assertThat(failed.getStatus().getMessage()).contains("Insufficient memory");
  }

  @Test
  void sessionNotReadyWithinItsStartTimeoutFails() {
    McpSession failed =
        failsOnceOverdue("slow", harness.kubelet::running, harness.config().startTimeout());
    assertThat(failed.getStatus().getReason()).isEqualTo("StartTimeout");
  }

  @Test
  void sessionNamingAMissingServerFailsWithServerNotFound() {
    McpSession session = harness.create(Catalog.session(NS, "ivan", "no-such-server"));

    McpSession failed = harness.awaitPhase(session.getMetadata().getName(), SessionPhase.Failed);

    assertThat(failed.getStatus().getReason()).isEqualTo("ServerNotFound");
    assertThat(failed.getStatus().getMessage()).contains("no-such-server");
    assertThat(harness.pod(session.getMetadata().getName())).isNull();
  }

  @Test
  void sessionNamingAnInvalidServerFailsWithServerInvalidAndTheServerSaysWhy() {
    McpSession session = harness.create(Catalog.session(NS, "judy", "broken"));

    McpSession failed = harness.awaitPhase(session.getMetadata().getName(), SessionPhase.Failed);

    assertThat(failed.getStatus().getReason()).isEqualTo("ServerInvalid");
    assertThat(failed.getStatus().getMessage()).contains("{HOME_DIR}").contains("spec.command");
    assertThat(harness.pod(session.getMetadata().getName())).isNull();
    McpServer server =
        OperatorHarness.await()
            .until(
                () ->
                    harness
                        .client()
                        .resources(McpServer.class)
                        .inNamespace(NS)
                        .withName("broken")
                        .get(),
                s -> s.getStatus() != null && !s.getStatus().getConditions().isEmpty());
    Condition valid = server.getStatus().getConditions().get(0);
    assertThat(valid.getType()).isEqualTo("Valid");
    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getMessage())
        .contains("spec.args[1] uses unknown template variable {HOME_DIR}")
        .contains("spec.command is required for transport stdio");
  }

  @Test
  void validServerIsReportedValidAndAStreamableHttpServerWithoutPortIsNot() {
    McpServerSpec http = new McpServerSpec();
    http.setTransport(Transport.STREAMABLE_HTTP);
    http.setImage("example/http:1");
    harness.client().resource(Catalog.server(NS, "http-without-port", http)).create();

    assertThat(validCondition("everything").getStatus()).isEqualTo("True");
    Condition invalid = validCondition("http-without-port");
    assertThat(invalid.getStatus()).isEqualTo("False");
    assertThat(invalid.getMessage()).contains("spec.port is required");
  }

  @Test
  void failedSessionIsDeletedOnceItsTtlExpired() {
    String name = startSession("failed-ttl");
    harness.kubelet.waiting(name, "ErrImagePull", "not found");
    harness.awaitPhase(name, SessionPhase.Failed);

    harness.clock.advance(harness.config().failedTtl().plus(Duration.ofSeconds(1)));

    harness.awaitGone(name);
    assertThat(eventReasons(name)).contains("FailedTtlExpired");
  }

  @Test
  void podDeletedUnderARunningSessionFailsItRatherThanReplacingItsStateSilently() {
    String name = startSession("pod-deleted");
    harness.kubelet.ready(name);
    harness.awaitPhase(name, SessionPhase.Ready);

    harness.client().pods().inNamespace(NS).withName(name).delete();

    McpSession failed = harness.awaitPhase(name, SessionPhase.Failed);
    assertThat(failed.getStatus().getReason()).isEqualTo("PodDeleted");
    assertThat(harness.pod(name)).isNull();
  }

  @Test
  void readySessionKeepsRunningWhenItsServerIsDeleted() {
    harness
        .client()
        .resource(Catalog.server(NS, "short-lived", Catalog.everything(NS).getSpec()))
        .create();
    String name =
        harness.create(Catalog.session(NS, "olga", "short-lived")).getMetadata().getName();
    harness.awaitPod(name);
    harness.kubelet.ready(name);
    harness.awaitPhase(name, SessionPhase.Ready);

    harness.client().resources(McpServer.class).inNamespace(NS).withName("short-lived").delete();
    String now = harness.reportActivity(name);

    McpSession after =
        harness.awaitSession(name, s -> now.equals(s.getStatus().getLastActivityAt()));
    assertThat(after.getStatus().getPhase()).isEqualTo(SessionPhase.Ready);
    assertThat(after.getStatus().getEndpoint()).isNotNull();
  }

  private static String startSession(String user) {
    String name = harness.create(Catalog.session(NS, user, "everything")).getMetadata().getName();
    harness.awaitPod(name);
    harness.awaitPhase(name, SessionPhase.Starting);
    return name;
  }

  /**
   * Starts a session for {@code user}, lets the kubelet report {@code podState} for its pod, moves
   * the clock past {@code deadline} and returns the session once it has failed.
   */
  private static McpSession failsOnceOverdue(
      String user, Consumer<String> podState, Duration deadline) {
    String name = startSession(user);
    podState.accept(name);

    harness.clock.advance(deadline.plusSeconds(1));

    return harness.awaitPhase(name, SessionPhase.Failed);
  }

  private static Condition validCondition(String server) {
    return OperatorHarness.await()
        .until(
            () ->
                harness.client().resources(McpServer.class).inNamespace(NS).withName(server).get(),
            s -> s.getStatus() != null && !s.getStatus().getConditions().isEmpty())
        .getStatus()
        .getConditions()
        .get(0);
  }

  private static Condition condition(McpSession session, String type) {
    return session.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  static List<String> eventReasons(String name) {
    return harness.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }
}
