package dev.mcpspawner.operator.user;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SessionPhase;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Set;

/**
 * Which sessions count against their user: those that hold a pod or may soon hold one, i.e. all but
 * the failed, the ending and the deleted.
 */
public final class ActiveSessions {
  private ActiveSessions() {}

  public static boolean counts(McpSession session) {
    SessionPhase phase = session.getStatus() == null ? null : session.getStatus().getPhase();
    return session.getMetadata().getDeletionTimestamp() == null
        && phase != SessionPhase.Failed
        && phase != SessionPhase.Terminating;
  }

  /**
   * The user a session counts against: the slug of its subject (not the label, which is set by the
   * gateway).
   */
  public static String userOf(McpSession session) {
    String user = session.getSpec() == null ? null : session.getSpec().getUser();
    return user == null || user.isEmpty() ? "" : Names.userSlug(user);
  }

  /** The session's McpUser (same namespace), as JOSDK names it: whose session wakes which user. */
  public static Set<ResourceID> userIdOf(McpSession session) {
    return Set.of(new ResourceID(userOf(session), session.getMetadata().getNamespace()));
  }

  /** How many distinct users have at least one active session. */
  public static long users(Collection<McpSession> sessions) {
    return sessions.stream()
        .filter(ActiveSessions::counts)
        .map(ActiveSessions::userOf)
        .filter(u -> !u.isEmpty())
        .distinct()
        .count();
  }
}
