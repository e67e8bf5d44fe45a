package dev.mcpspawner.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Plays the kubelet and the scheduler against the mock API, which has neither: writes pod status
 * (phase, IP, conditions, container states and termination messages) as a node would.
 */
public final class TestingKubelet {
  private static final AtomicInteger NEXT_IP = new AtomicInteger(2);
  private final KubernetesClient client;
  private final String namespace;

  public TestingKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Scheduled, container started, runner answering its probe. */
  public Pod ready(String pod) {
    ContainerState started =
        new ContainerStateBuilder()
            .withNewRunning()
            .withStartedAt("2026-01-01T00:00:00Z")
            .endRunning()
            .build();
    return update(
        pod,
        "Running",
        s ->
            s.withPodIP(s.getPodIP() != null ? s.getPodIP() : nextIp())
                .withConditions(scheduled(), readiness("True", null))
                .withContainerStatuses(mcp(true, started)));
  }

  /** Scheduled and running, but the probe does not pass yet. */
  public Pod running(String pod) {
    return update(
        pod,
        "Running",
        s ->
            s.withPodIP(nextIp())
                .withConditions(scheduled(), readiness("False", "ContainersNotReady")));
  }

  /** The container is waiting, e.g. {@code ImagePullBackOff} or {@code CrashLoopBackOff}. */
  public Pod waiting(String pod, String reason, String message) {
    ContainerState waiting =
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .build();
    return update(
        pod,
        "Pending",
        s -> s.withConditions(scheduled()).withContainerStatuses(mcp(false, waiting)));
  }

  /** The server exited; {@code message} is what the runner wrote to the termination log. */
  public Pod terminated(String pod, int exitCode, String message) {
    ContainerState exited =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason("Error")
            .withMessage(message)
            .endTerminated()
            .build();
    return update(
        pod,
        "Failed",
        s ->
            s.withConditions(scheduled(), readiness("False", "PodFailed"))
                .withContainerStatuses(mcp(false, exited)));
  }

  /** The scheduler found no node. */
  public Pod unschedulable(String pod) {
    String message = "0/3 nodes are available: 3 Insufficient memory.";
    return update(
        pod,
        "Pending",
        s -> s.withConditions(condition("PodScheduled", "False", "Unschedulable", message)));
  }

  /** Sets the phase, then whatever {@code change} adds, on the pod's current status. */
  private Pod update(String name, String phase, UnaryOperator<PodStatusBuilder> change) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null) {
      throw new IllegalStateException("no pod " + name);
    }
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    pod.setStatus(change.apply(new PodStatusBuilder(status).withPhase(phase)).build());
    return client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  /** The one container, {@code mcp}, in the given state. */
  private static ContainerStatus mcp(boolean ready, ContainerState state) {
    return new ContainerStatusBuilder().withName("mcp").withReady(ready).withState(state).build();
  }

  private static PodCondition scheduled() {
    return condition("PodScheduled", "True", null, null);
  }

  private static PodCondition readiness(String status, String reason) {
    return condition("Ready", status, reason, null);
  }

  private static PodCondition condition(String type, String status, String reason, String msg) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(msg)
        .build();
  }

  private static String nextIp() {
    int n = NEXT_IP.getAndIncrement();
    return "10.244." + (n / 250) + "." + (n % 250 + 2);
  }
}
