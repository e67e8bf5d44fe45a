package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.operator.events.EventReason;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class PodProgressTest {
  @Test
  void podWithoutStatusIsStarting() {
    assertThat(PodProgress.of(new Pod()).stage()).isEqualTo(PodProgress.Stage.STARTING);
  }

  @Test
  void restartedContainerReportsItsLastTerminationAndOnlyTheTailOfALongStderr() {
    String stderr = "a".repeat(10_000) + "the real error";
    Pod pod =
        new PodBuilder()
            .withNewStatus()
            .withPhase("Running")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("mcp")
                    .withNewState()
                    .withNewRunning()
                    .endRunning()
                    .endState()
                    .withNewLastState()
                    .withNewTerminated()
                    .withExitCode(2)
                    .withMessage(stderr)
                    .endTerminated()
                    .endLastState()
                    .build())
            .endStatus()
            .build();

    PodProgress progress = PodProgress.of(pod);

    assertThat(progress.failure()).isEqualTo(EventReason.ServerExited);
    assertThat(progress.exitCode()).isEqualTo(2);
    assertThat(progress.stderrTail())
        .hasSize(PodProgress.MAX_STDERR_TAIL)
        .endsWith("the real error");
  }

  @Test
  void readyConditionWithoutPodIpIsNotReadyYet() {
    Pod pod =
        new PodBuilder()
            .withNewStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build();
    assertThat(PodProgress.of(pod).stage()).isEqualTo(PodProgress.Stage.STARTING);
  }
}
