package dev.mcpspawner.gateway.admin;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.gateway.session.ServerCatalog;
import dev.mcpspawner.gateway.session.SessionStore;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The catalog with each server's validity and sessions, from the informer caches. */
public final class ServerOverview {
  static final int RECENT_FAILURES = 10;

  private final ServerCatalog servers;
  private final SessionStore sessions;

  public ServerOverview(ServerCatalog servers, SessionStore sessions) {
    this.servers = servers;
    this.sessions = sessions;
  }

  /** Every catalog entry, by name. */
  public List<ServerView> list() {
    Map<String, List<McpSession>> byServer =
        sessions.list().stream()
            .filter(s -> SessionFacts.server(s) != null)
            .collect(Collectors.groupingBy(SessionFacts::server));
    return servers.list().stream()
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .map(s -> view(s, byServer.getOrDefault(s.getMetadata().getName(), List.of())))
        .toList();
  }

  private static ServerView view(McpServer server, List<McpSession> ofServer) {
    Condition valid =
        server.getStatus() == null || server.getStatus().getConditions() == null
            ? null
            : server.getStatus().getConditions().stream()
                .filter(c -> "Valid".equals(c.getType()))
                .findFirst()
                .orElse(null);
    var spec = server.getSpec();
    return new ServerView(
        server.getMetadata().getName(),
        spec == null || spec.getTransport() == null ? null : spec.getTransport().toString(),
        spec == null ? null : spec.getImage(),
        valid == null ? "Unknown" : valid.getStatus(),
        valid == null ? null : valid.getReason(),
        valid == null ? null : valid.getMessage(),
        byPhase(ofServer),
        recentFailures(ofServer, RECENT_FAILURES));
  }

  static Map<String, Long> byPhase(List<McpSession> list) {
    Map<String, Long> counts = new TreeMap<>();
    list.forEach(s -> counts.merge(SessionFacts.phase(s), 1L, Long::sum));
    return counts;
  }

  /** The newest Failed sessions, refusals included (their reason says which). */
  static List<ServerView.Failure> recentFailures(List<McpSession> list, int max) {
    return list.stream()
        .filter(SessionFacts::isFailed)
        .sorted(Comparator.comparing(SessionFacts.SortKey::of).reversed())
        .limit(max)
        .map(
            s ->
                new ServerView.Failure(
                    s.getMetadata().getName(),
                    SessionFacts.user(s),
                    SessionFacts.server(s),
                    SessionFacts.reason(s),
                    s.getStatus().getMessage(),
                    s.getStatus().getExitCode(),
                    s.getMetadata().getCreationTimestamp()))
        .toList();
  }
}
