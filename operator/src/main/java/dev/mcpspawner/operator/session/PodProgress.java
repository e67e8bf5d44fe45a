package dev.mcpspawner.operator.session;

import dev.mcpspawner.operator.events.EventReason;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a session pod's status says about the session: still starting, ready, or failed in a way
 * that will not heal (with the reason, and the server's exit code and stderr tail when it ended).
 */
public record PodProgress(
    Stage stage,
    EventReason failure,
    String message,
    Integer exitCode,
    String stderrTail,
    boolean unschedulable,
    String podIp) {

  public enum Stage {
    STARTING,
    READY,
    FAILED
  }

  /** Container waiting reasons that no amount of waiting will fix. */
  private static final Map<String, EventReason> HOPELESS_WAITING =
      Map.of(
          "CrashLoopBackOff", EventReason.CrashLoopBackOff,
          "ImagePullBackOff", EventReason.ImagePullBackOff,
          "ErrImagePull", EventReason.ErrImagePull,
          "CreateContainerConfigError", EventReason.CreateContainerConfigError,
          "CreateContainerError", EventReason.CreateContainerError,
          "InvalidImageName", EventReason.InvalidImageName);

  /** Keeps the status object small; the runner writes at most this much anyway. */
  static final int MAX_STDERR_TAIL = 4096;

  public static PodProgress of(Pod pod) {
    PodStatus status = pod.getStatus();
    if (status == null) {
      return starting(false, null);
    }
    List<ContainerStatus> containers =
        status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
    for (ContainerStatus c : containers) {
      ContainerStateTerminated terminated =
          c.getState() == null ? null : c.getState().getTerminated();
      if (terminated == null && c.getLastState() != null) {
        terminated = c.getLastState().getTerminated();
      }
      if (terminated != null) {
        return failed(
            EventReason.ServerExited,
            "the MCP server exited with code "
                + terminated.getExitCode()
                + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")"),
            terminated.getExitCode(),
            tail(terminated.getMessage()));
      }
      ContainerStateWaiting waiting = c.getState() == null ? null : c.getState().getWaiting();
      if (waiting != null && HOPELESS_WAITING.containsKey(waiting.getReason())) {
        return failed(
            HOPELESS_WAITING.get(waiting.getReason()),
            waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()),
            null,
            null);
      }
    }
    if ("Failed".equals(status.getPhase()) || "Succeeded".equals(status.getPhase())) {
      return failed(
          EventReason.ServerExited,
          "the pod ended ("
              + status.getPhase()
              + (status.getReason() == null ? "" : ", " + status.getReason())
              + ")"
              + (status.getMessage() == null ? "" : ": " + status.getMessage()),
          null,
          null);
    }
    Optional<PodCondition> scheduled = condition(status, "PodScheduled");
    boolean unschedulable =
        scheduled.filter(c -> "False".equals(c.getStatus())).isPresent()
            && scheduled.map(PodCondition::getReason).filter("Unschedulable"::equals).isPresent();
    if (unschedulable) {
      return new PodProgress(
          Stage.STARTING,
          null,
          scheduled.map(PodCondition::getMessage).orElse("the pod cannot be scheduled"),
          null,
          null,
          true,
          null);
    }
    boolean ready =
        condition(status, "Ready").filter(c -> "True".equals(c.getStatus())).isPresent();
    if (ready && status.getPodIP() != null && !status.getPodIP().isEmpty()) {
      return new PodProgress(Stage.READY, null, null, null, null, false, status.getPodIP());
    }
    return starting(false, status.getPodIP());
  }

  public boolean failed() {
    return stage == Stage.FAILED;
  }

  private static PodProgress starting(boolean unschedulable, String ip) {
    return new PodProgress(Stage.STARTING, null, null, null, null, unschedulable, ip);
  }

  private static PodProgress failed(
      EventReason reason, String message, Integer exitCode, String stderrTail) {
    return new PodProgress(Stage.FAILED, reason, message, exitCode, stderrTail, false, null);
  }

  private static Optional<PodCondition> condition(PodStatus status, String type) {
    return status.getConditions() == null
        ? Optional.empty()
        : status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static String tail(String text) {
    if (text == null || text.length() <= MAX_STDERR_TAIL) {
      return text;
    }
    return text.substring(text.length() - MAX_STDERR_TAIL);
  }
}
