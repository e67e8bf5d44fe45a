package dev.mcpspawner.local.kubelet;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Pod status as a node reports it, for the three moments local mode knows about. */
final class PodStatuses {
  private PodStatuses() {}

  static PodStatus running(String container, String ip, boolean ready, Instant started) {
    String now = Instant.now().toString();
    return new PodStatusBuilder()
        .withPhase("Running")
        .withHostIP("127.0.0.1")
        .withPodIP(ip)
        .addNewPodIP(ip)
        .withStartTime(started.toString())
        .withConditions(
            conditions(
                condition("PodScheduled", "True", null, null, now),
                condition("Initialized", "True", null, null, now),
                condition(
                    "ContainersReady",
                    ready ? "True" : "False",
                    ready ? null : "ContainersNotReady",
                    null,
                    now),
                condition(
                    "Ready",
                    ready ? "True" : "False",
                    ready ? null : "ContainersNotReady",
                    null,
                    now)))
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(container)
                .withReady(ready)
                .withStarted(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt(started.toString())
                .endRunning()
                .endState()
                .build())
        .build();
  }

  static PodStatus terminated(
      PodStatus previous, String container, int exitCode, String message, Instant started) {
    String now = Instant.now().toString();
    ContainerStatus status =
        new ContainerStatusBuilder()
            .withName(container)
            .withReady(false)
            .withStarted(false)
            .withRestartCount(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(exitCode == 0 ? "Completed" : "Error")
            .withMessage(message == null || message.isEmpty() ? null : message)
            .withStartedAt(started.toString())
            .withFinishedAt(now)
            .endTerminated()
            .endState()
            .build();
    return new PodStatusBuilder(previous == null ? new PodStatus() : previous)
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withConditions(
            conditions(
                condition("PodScheduled", "True", null, null, now),
                condition("Initialized", "True", null, null, now),
                condition("ContainersReady", "False", "PodCompleted", null, now),
                condition("Ready", "False", "PodCompleted", null, now)))
        .withContainerStatuses(status)
        .build();
  }

  private static List<PodCondition> conditions(PodCondition... conditions) {
    return new ArrayList<>(List.of(conditions));
  }

  private static PodCondition condition(
      String type, String status, String reason, String message, String now) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(now)
        .build();
  }
}
