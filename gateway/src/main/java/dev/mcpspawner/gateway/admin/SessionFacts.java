package dev.mcpspawner.gateway.admin;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What the admin views read off one McpSession the same way everywhere. */
final class SessionFacts {
  /** The operator's reasons for a Failed session it refused rather than failed to start. */
  static final String QUOTA_EXCEEDED = "QuotaExceeded";

  static final String USER_DISABLED = "UserDisabled";

  private SessionFacts() {}

  /** The phase's name; a session the operator has not reported on yet is Pending. */
  static String phase(McpSession s) {
    return s.getStatus() == null || s.getStatus().getPhase() == null
        ? SessionPhase.Pending.name()
        : s.getStatus().getPhase().name();
  }

  /** Holds, or may soon hold, a pod: neither Failed nor ending (what the quota counts). */
  static boolean isOpen(McpSession s) {
    String phase = phase(s);
    return s.getMetadata().getDeletionTimestamp() == null
        && !SessionPhase.Failed.name().equals(phase)
        && !SessionPhase.Terminating.name().equals(phase);
  }

  static boolean isFailed(McpSession s) {
    return SessionPhase.Failed.name().equals(phase(s));
  }

  /** A Failed session the operator refused (quota, disabled user): a refusal, not a failure. */
  static boolean isRefusal(McpSession s) {
    return isFailed(s) && (QUOTA_EXCEEDED.equals(reason(s)) || USER_DISABLED.equals(reason(s)));
  }

  static String reason(McpSession s) {
    return s.getStatus() == null ? null : s.getStatus().getReason();
  }

  static String user(McpSession s) {
    return s.getSpec() == null ? null : s.getSpec().getUser();
  }

  static String server(McpSession s) {
    return s.getSpec() == null ? null : s.getSpec().getServer();
  }

  static String client(McpSession s) {
    return s.getSpec() == null || s.getSpec().getClient() == null
        ? null
        : s.getSpec().getClient().getName();
  }

  static String userSlug(McpSession s) {
    var labels = s.getMetadata().getLabels();
    return labels == null ? null : labels.get(McpSpawner.LABEL_USER);
  }

  /** The last request the gateway relayed: its annotation, else the operator's copy in status. */
  static String lastActivity(McpSession s) {
    var annotations = s.getMetadata().getAnnotations();
    String at = annotations == null ? null : annotations.get(McpSpawner.ANNOTATION_LAST_ACTIVITY);
    if (at == null && s.getStatus() != null) {
      at = s.getStatus().getLastActivityAt();
    }
    return at;
  }

  /** When the session was created, or the epoch when the API left it unset. */
  static Instant createdAt(McpSession s) {
    return instant(s.getMetadata().getCreationTimestamp());
  }

  static Instant instant(String text) {
    if (text == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** The session's pod: as the operator reported it, else the name it gives session pods. */
  static String podName(McpSession s) {
    return s.getStatus() != null && s.getStatus().getPodName() != null
        ? s.getStatus().getPodName()
        : dev.mcpspawner.crds.Names.podName(s.getMetadata().getName());
  }

  /** Sort key: newest first when sorted descending, the name breaking ties. */
  static String newestFirstKey(McpSession s) {
    return "%015d %s".formatted(createdAt(s).toEpochMilli(), s.getMetadata().getName());
  }
}
