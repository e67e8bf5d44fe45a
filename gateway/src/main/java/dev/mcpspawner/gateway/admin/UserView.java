package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.McpUserStatus;
import dev.mcpspawner.crds.RateLimit;
import dev.mcpspawner.crds.UserQuota;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the admin API shows of one McpUser: its spec as kubectl shows it, the quota in force, the
 * operator's status, the gateway's count of the user's sessions by phase and the user's tool calls
 * and refusals over the 24 hours {@code status.usage} keeps.
 *
 * @param name the object's name (the user's slug): the id in {@code /admin/api/users/{name}}
 * @param usage tool calls, errors and refusals by reason, from {@code status.usage}
 * @param sessionsByPhase the user's McpSessions in the API now, by phase
 * @param actual what the user's open sessions' pods use now (the metrics API); absent without one,
 *     or without a sample of any of those pods
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(
    String name,
    String subject,
    String displayName,
    String email,
    boolean disabled,
    List<String> groups,
    List<String> servers,
    UserQuota quota,
    RateLimit rateLimit,
    String tokensNotBefore,
    UserQuota effectiveQuota,
    Status status,
    UserActivity usage,
    Map<String, Long> sessionsByPhase,
    PodMetricsSource.Actual actual,
    String createdAt) {

  /** The operator's part (absent until the operator has reported on the user). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      Integer activeSessions,
      String sessionsSummary,
      String cpuRequested,
      String memoryRequested,
      String lastSeen,
      List<Condition> conditions) {

    static Status of(McpUserStatus s) {
      if (s == null) {
        return null;
      }
      return new Status(
          s.getActiveSessions(),
          s.getSessionsSummary(),
          text(s.getCpuRequested()),
          text(s.getMemoryRequested()),
          s.getLastSeen(),
          s.getConditions());
    }
  }

  static UserView of(
      McpUser user,
      UserQuota effectiveQuota,
      List<McpSession> sessions,
      Instant usageSince,
      PodMetricsSource.Actual actual) {
    McpUserSpec spec = user.getSpec() == null ? new McpUserSpec() : user.getSpec();
    Map<String, Long> byPhase = new TreeMap<>();
    sessions.forEach(s -> byPhase.merge(SessionFacts.phase(s), 1L, Long::sum));
    return new UserView(
        user.getMetadata().getName(),
        spec.getSubject(),
        spec.getDisplayName(),
        spec.getEmail(),
        spec.isDisabled(),
        spec.getGroups(),
        spec.getServers(),
        spec.getQuota(),
        spec.getRateLimit(),
        spec.getTokensNotBefore(),
        effectiveQuota,
        Status.of(user.getStatus()),
        UserActivity.of(user.getStatus(), usageSince),
        byPhase,
        actual,
        user.getMetadata().getCreationTimestamp());
  }

  static String text(Quantity q) {
    return q == null ? null : q.toString();
  }
}
