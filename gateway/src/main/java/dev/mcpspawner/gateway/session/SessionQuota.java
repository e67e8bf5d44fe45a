package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.gateway.auth.Principal;
import java.util.function.Function;

/**
 * The gateway's fast answer to "may this user open one more session?", from its cache of the user's
 * sessions. The operator is the authority: a session that slips past here (two replicas at once)
 * ends Failed with reason QuotaExceeded and no pod.
 */
public final class SessionQuota implements SessionAdmission {
  /** Nobody is limited: for gateways without users (tests of other things). */
  public static final Function<String, UserQuota> UNLIMITED = user -> null;

  private final SessionStore sessions;
  private final Function<String, UserQuota> quotaOf;

  public SessionQuota(SessionStore sessions, Function<String, UserQuota> quotaOf) {
    this.sessions = sessions;
    this.quotaOf = quotaOf;
  }

  /** Throws {@link QuotaExceededException} when the user already has their quota of sessions. */
  @Override
  public void checkNewSession(Principal principal, McpServer server) {
    String userId = principal.userId();
    UserQuota quota = quotaOf.apply(userId);
    Integer limit = quota == null ? null : quota.getSessions();
    if (limit == null) {
      return;
    }
    long open =
        sessions.ofUser(Names.userSlug(userId)).stream()
            .filter(s -> userId.equals(s.getSpec() == null ? null : s.getSpec().getUser()))
            .filter(SessionQuota::holdsAPlace)
            .count();
    if (open >= limit) {
      throw new QuotaExceededException(
          open + " of " + limit + " sessions open: close one, or ask an administrator for more");
    }
  }

  /**
   * Sessions that have or will get a pod: not failed, not ending. What the quota counts, and what
   * the gateway's gauges and the admin views call open.
   */
  public static boolean holdsAPlace(McpSession s) {
    SessionPhase phase = s.getStatus() == null ? null : s.getStatus().getPhase();
    return phase != SessionPhase.Failed
        && phase != SessionPhase.Terminating
        && s.getMetadata().getDeletionTimestamp() == null;
  }
}
