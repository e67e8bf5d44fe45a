package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;

/** What the session API shows of an McpSession (never its endpoint or token). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionView(
    String id,
    String user,
    String server,
    String client,
    String phase,
    String reason,
    String message,
    String createdAt,
    String lastActivity) {

  static SessionView of(McpSession s) {
    var status = s.getStatus();
    var spec = s.getSpec();
    return new SessionView(
        s.getMetadata().getName(),
        spec == null ? null : spec.getUser(),
        spec == null ? null : spec.getServer(),
        spec == null || spec.getClient() == null ? null : spec.getClient().getName(),
        status == null || status.getPhase() == null ? "Pending" : status.getPhase().name(),
        status == null ? null : status.getReason(),
        status == null ? null : status.getMessage(),
        s.getMetadata().getCreationTimestamp(),
        s.getMetadata().getAnnotations() == null
            ? null
            : s.getMetadata().getAnnotations().get(McpSpawner.ANNOTATION_LAST_ACTIVITY));
  }
}
