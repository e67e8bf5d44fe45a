package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcpspawner.crds.McpSession;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.util.List;

/**
 * Everything an administrator needs to see why one session is where it is: its spec and status
 * (never its endpoint or runner token), conditions, the Events recorded on it and on its pod, the
 * pod's phase and containers, and on failure the server's exit code and stderr tail.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionDebugView(
    String id,
    String user,
    String userName,
    String server,
    String client,
    String clientVersion,
    String instance,
    String phase,
    String reason,
    String message,
    String createdAt,
    String startedAt,
    String readyAt,
    String lastActivity,
    String deletionRequestedAt,
    Integer exitCode,
    String stderrTail,
    List<Condition> conditions,
    PodView pod,
    List<EventView> events) {

  /** The session pod as the kubelet reports it; absent when there is none (yet, or any more). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PodView(
      String name,
      String phase,
      String reason,
      String message,
      List<ContainerView> containers,
      PodUsage usage) {
    static PodView of(Pod pod, PodUsage usage) {
      if (pod == null) {
        return null;
      }
      var status = pod.getStatus();
      return new PodView(
          pod.getMetadata().getName(),
          status == null ? null : status.getPhase(),
          status == null ? null : status.getReason(),
          status == null ? null : status.getMessage(),
          status == null || status.getContainerStatuses() == null
              ? List.of()
              : status.getContainerStatuses().stream().map(ContainerView::of).toList(),
          usage);
    }
  }

  /**
   * What the pod's containers use now, summed, as the cluster's metrics API ({@code
   * metrics.k8s.io}, metrics-server) last sampled it; absent where there is no metrics API (or no
   * sample yet).
   *
   * @param cpu millicores, e.g. {@code 12m}
   * @param memory working set, mebibytes rounded up, e.g. {@code 34Mi}
   * @param timestamp when it was sampled
   * @param window the interval the CPU rate was measured over
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PodUsage(String cpu, String memory, String timestamp, String window) {
    static PodUsage of(PodMetrics metrics) {
      if (metrics == null) {
        return null;
      }
      return new PodUsage(
          PodMetricsSource.millicores(PodMetricsSource.cores(metrics)),
          PodMetricsSource.mebibytes(PodMetricsSource.bytes(metrics)),
          metrics.getTimestamp(),
          metrics.getWindow() == null || metrics.getWindow().getDuration() == null
              ? null
              : seconds(metrics.getWindow().getDuration()));
    }

    /** As Kubernetes writes durations: {@code 30s}, or {@code 1500ms} below whole seconds. */
    private static String seconds(java.time.Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
  }

  /** One container: ready, restarts, and why it is waiting or how it ended. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ContainerView(
      String name,
      Boolean ready,
      Integer restartCount,
      String state,
      String reason,
      Integer exitCode) {
    static ContainerView of(ContainerStatus c) {
      var st = c.getState();
      String state = null;
      String reason = null;
      Integer exit = null;
      if (st != null && st.getWaiting() != null) {
        state = "waiting";
        reason = st.getWaiting().getReason();
      } else if (st != null && st.getTerminated() != null) {
        state = "terminated";
        reason = st.getTerminated().getReason();
        exit = st.getTerminated().getExitCode();
      } else if (st != null && st.getRunning() != null) {
        state = "running";
      }
      return new ContainerView(c.getName(), c.getReady(), c.getRestartCount(), state, reason, exit);
    }
  }

  /** One Kubernetes Event on the session or its pod. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EventView(
      String kind, String type, String reason, String message, Integer count, String lastSeen) {
    static EventView of(Event e) {
      return new EventView(
          e.getInvolvedObject() == null ? null : e.getInvolvedObject().getKind(),
          e.getType(),
          e.getReason(),
          e.getMessage(),
          e.getCount(),
          lastSeen(e));
    }

    static String lastSeen(Event e) {
      if (e.getLastTimestamp() != null) {
        return e.getLastTimestamp();
      }
      if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
        return e.getEventTime().getTime();
      }
      return e.getMetadata() == null ? null : e.getMetadata().getCreationTimestamp();
    }
  }

  static SessionDebugView of(McpSession s, Pod pod, PodUsage usage, List<Event> events) {
    var spec = s.getSpec();
    var st = s.getStatus();
    boolean failed = SessionFacts.isFailed(s);
    return new SessionDebugView(
        s.getMetadata().getName(),
        SessionFacts.user(s),
        SessionFacts.userSlug(s),
        SessionFacts.server(s),
        SessionFacts.client(s),
        spec == null || spec.getClient() == null ? null : spec.getClient().getVersion(),
        spec == null ? null : spec.getInstance(),
        SessionFacts.phase(s),
        st == null ? null : st.getReason(),
        st == null ? null : st.getMessage(),
        s.getMetadata().getCreationTimestamp(),
        st == null ? null : st.getStartedAt(),
        st == null ? null : st.getReadyAt(),
        SessionFacts.lastActivity(s),
        s.getMetadata().getDeletionTimestamp(),
        st == null ? null : st.getExitCode(),
        failed && st != null ? st.getStderrTail() : null,
        st == null || st.getConditions() == null ? List.of() : st.getConditions(),
        PodView.of(pod, usage),
        events.stream().map(EventView::of).toList());
  }
}
