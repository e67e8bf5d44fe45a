package dev.mcpspawner.gateway.admin;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.session.SessionNotFoundException;
import dev.mcpspawner.gateway.session.SessionRouter;
import dev.mcpspawner.gateway.session.SessionStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The session API's rules: a user sees and ends their own sessions, an admin group all. */
public final class SessionAdmin {
  private final SessionStore sessions;
  private final SessionRouter router;
  private final Set<String> adminGroups;

  public SessionAdmin(SessionStore sessions, SessionRouter router, Set<String> adminGroups) {
    this.sessions = sessions;
    this.router = router;
    this.adminGroups = Set.copyOf(adminGroups);
  }

  public List<SessionView> list(Principal principal) {
    return sessions.list().stream()
        .filter(s -> visibleTo(principal, s))
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .map(SessionView::of)
        .toList();
  }

  public SessionView get(Principal principal, String id) {
    return SessionView.of(visible(principal, id));
  }

  public void end(Principal principal, String id) {
    visible(principal, id);
    router.discard(id);
  }

  /** Sessions per phase, for {@code /health/sessions}: counts only, never ids or users. */
  public Map<String, Long> countsByPhase() {
    Map<String, Long> counts = new TreeMap<>();
    for (McpSession s : sessions.list()) {
      String phase =
          s.getStatus() == null || s.getStatus().getPhase() == null
              ? "Pending"
              : s.getStatus().getPhase().name();
      counts.merge(phase, 1L, Long::sum);
    }
    return counts;
  }

  private McpSession visible(Principal principal, String id) {
    if (!Names.isSessionName(id)) {
      throw new SessionNotFoundException();
    }
    return sessions
        .find(id)
        .filter(s -> visibleTo(principal, s))
        .orElseThrow(SessionNotFoundException::new);
  }

  private boolean visibleTo(Principal principal, McpSession s) {
    return principal.isInAny(adminGroups)
        || (s.getSpec() != null && principal.userId().equals(s.getSpec().getUser()));
  }
}
