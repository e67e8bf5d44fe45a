package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One catalog entry for the admin API: whether the operator found it valid, its sessions by phase,
 * and its most recent failed sessions with their reasons.
 *
 * @param valid the {@code Valid} condition's status: True, False, or Unknown before the operator
 *     has looked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerView(
    String name,
    String transport,
    String image,
    String valid,
    String validReason,
    String validMessage,
    Map<String, Long> sessionsByPhase,
    List<Failure> recentFailures) {

  /** A Failed session of the server: who, when and why. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Failure(
      String session,
      String user,
      String server,
      String reason,
      String message,
      Integer exitCode,
      String createdAt) {}
}
