package dev.mcpspawner.operator.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
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
    return update(
        pod,
        s ->
            new PodStatusBuilder(s)
                .withPhase("Running")
                .withPodIP(s.getPodIP() != null ? s.getPodIP() : nextIp())
                .withConditions(
                    conditions(
                        condition("PodScheduled", "True", null, null),
                        condition("Ready", "True", null, null)))
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("mcp")
                        .withReady(true)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt("2026-01-01T00:00:00Z")
                        .endRunning()
                        .endState()
                        .build())
                .build());
  }

  /** Scheduled and running, but the probe does not pass yet. */
  public Pod running(String pod) {
    return update(
        pod,
        s ->
            new PodStatusBuilder(s)
                .withPhase("Running")
                .withPodIP(nextIp())
                .withConditions(
                    conditions(
                        condition("PodScheduled", "True", null, null),
                        condition("Ready", "False", "ContainersNotReady", null)))
                .build());
  }

  /** The container is waiting, e.g. {@code ImagePullBackOff} or {@code CrashLoopBackOff}. */
  public Pod waiting(String pod, String reason, String message) {
    return update(
        pod,
        s ->
            new PodStatusBuilder(s)
                .withPhase("Pending")
                .withConditions(conditions(condition("PodScheduled", "True", null, null)))
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("mcp")
                        .withReady(false)
                        .withNewState()
                        .withNewWaiting()
                        .withReason(reason)
                        .withMessage(message)
                        .endWaiting()
                        .endState()
                        .build())
                .build());
  }

  /** The server exited; {@code message} is what the runner wrote to the termination log. */
  public Pod terminated(String pod, int exitCode, String message) {
    return update(
        pod,
        s ->
            new PodStatusBuilder(s)
                .withPhase("Failed")
                .withConditions(
                    conditions(
                        condition("PodScheduled", "True", null, null),
                        condition("Ready", "False", "PodFailed", null)))
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName("mcp")
                        .withReady(false)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withReason("Error")
                        .withMessage(message)
                        .endTerminated()
                        .endState()
                        .build())
                .build());
  }

  /** The scheduler found no node. */
  public Pod unschedulable(String pod) {
    return update(
        pod,
        s ->
            new PodStatusBuilder(s)
                .withPhase("Pending")
                .withConditions(
                    conditions(
                        condition(
                            "PodScheduled",
                            "False",
                            "Unschedulable",
                            "0/3 nodes are available: 3 Insufficient memory.")))
                .build());
  }

  private Pod update(String name, UnaryOperator<PodStatus> change) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null) {
      throw new IllegalStateException("no pod " + name);
    }
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    pod.setStatus(change.apply(status));
    return client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  private static List<PodCondition> conditions(PodCondition... conditions) {
    return new ArrayList<>(List.of(conditions));
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
