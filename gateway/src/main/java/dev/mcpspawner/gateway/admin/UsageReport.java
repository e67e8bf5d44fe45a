package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcpspawner.crds.Durations;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.gateway.session.ServerCatalog;
import dev.mcpspawner.gateway.session.SessionStore;
import dev.mcpspawner.gateway.user.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Usage computed from what the cluster holds, so every replica answers the same: the McpSessions in
 * the API now (open ones; those created within the window; Failed ones, split into failures and the
 * operator's refusals) and each McpUser's status (CPU and memory requested, last seen, written by
 * the operator). Sessions already deleted are gone from the API and are not counted; tool calls and
 * the gateway's own refusals (rate limit, auth) are per-replica Prometheus counters ({@code
 * /metrics}), not kept here.
 */
public final class UsageReport {
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  private final SessionStore sessions;
  private final UserDirectory users;
  private final ServerCatalog servers;
  private final Clock clock;
  private final BooleanSupplier gatewayReady;

  public UsageReport(
      SessionStore sessions,
      UserDirectory users,
      ServerCatalog servers,
      Clock clock,
      BooleanSupplier gatewayReady) {
    this.sessions = sessions;
    this.users = users;
    this.servers = servers;
    this.clock = clock;
    this.gatewayReady = gatewayReady;
  }

  /** Counts over one set of sessions. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Counts(long sessionsOpen, long sessionsStarted, long failures, long refusals) {
    static Counts of(List<McpSession> list, Instant since) {
      return new Counts(
          list.stream().filter(SessionFacts::isOpen).count(),
          list.stream().filter(s -> !SessionFacts.createdAt(s).isBefore(since)).count(),
          list.stream()
              .filter(s -> !SessionFacts.createdAt(s).isBefore(since))
              .filter(s -> SessionFacts.isFailed(s) && !SessionFacts.isRefusal(s))
              .count(),
          list.stream()
              .filter(s -> !SessionFacts.createdAt(s).isBefore(since))
              .filter(SessionFacts::isRefusal)
              .count());
    }
  }

  /** One user's usage; CPU, memory and last seen are the operator's (McpUser status). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UserUsage(
      String name,
      String subject,
      boolean disabled,
      Counts counts,
      Integer quotaSessions,
      String cpuRequested,
      String memoryRequested,
      String lastSeen) {}

  /** One server's usage. */
  public record ServerUsage(String name, Counts counts, long users) {}

  /** The window the counts of sessions started, failures and refusals cover. */
  public record Window(String window, String since) {}

  public record UsersReport(Window window, Page<UserUsage> users) {}

  public record ServersReport(Window window, List<ServerUsage> servers) {}

  /** Parses {@code 1h}, {@code 30m}, {@code 7d}; null or blank: 24 h. */
  public static Duration window(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_WINDOW;
    }
    try {
      Duration d = Durations.parse(text.trim());
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException();
      }
      return d;
    } catch (RuntimeException e) {
      throw AdminRequestException.badRequest("window must be a duration such as 1h, 30m or 7d");
    }
  }

  public UsersReport users(Duration window, PageRequest page) {
    Instant since = clock.instant().minus(window);
    Map<String, List<McpSession>> bySlug =
        sessions.list().stream()
            .filter(s -> SessionFacts.userSlug(s) != null)
            .collect(Collectors.groupingBy(SessionFacts::userSlug));
    List<McpUser> all = users.list().stream().filter(u -> u.getSpec() != null).toList();
    Page<McpUser> p = page.apply(all, u -> u.getMetadata().getName(), false);
    List<UserUsage> items =
        p.items().stream()
            .map(
                u -> {
                  List<McpSession> own =
                      bySlug.getOrDefault(u.getMetadata().getName(), List.of()).stream()
                          .filter(s -> u.getSpec().getSubject().equals(SessionFacts.user(s)))
                          .toList();
                  var st = u.getStatus();
                  return new UserUsage(
                      u.getMetadata().getName(),
                      u.getSpec().getSubject(),
                      u.getSpec().isDisabled(),
                      Counts.of(own, since),
                      users.quotaOf(u.getSpec().getSubject()).getSessions(),
                      st == null ? null : UserView.text(st.getCpuRequested()),
                      st == null ? null : UserView.text(st.getMemoryRequested()),
                      lastSeen(u, own));
                })
            .toList();
    return new UsersReport(
        new Window(window.toString(), since.toString()), new Page<>(items, p.total(), p.next()));
  }

  /** The operator's last seen, else the newest last-activity of the user's sessions in the API. */
  private static String lastSeen(McpUser u, List<McpSession> own) {
    if (u.getStatus() != null && u.getStatus().getLastSeen() != null) {
      return u.getStatus().getLastSeen();
    }
    return own.stream()
        .map(SessionFacts::lastActivity)
        .filter(Objects::nonNull)
        .max(Comparator.comparing(SessionFacts::instant))
        .orElse(null);
  }

  public ServersReport servers(Duration window) {
    Instant since = clock.instant().minus(window);
    Map<String, List<McpSession>> byServer =
        sessions.list().stream()
            .filter(s -> SessionFacts.server(s) != null)
            .collect(Collectors.groupingBy(SessionFacts::server));
    List<ServerUsage> items =
        servers.list().stream()
            .map(s -> s.getMetadata().getName())
            .sorted()
            .map(
                name -> {
                  List<McpSession> own = byServer.getOrDefault(name, List.of());
                  long people =
                      own.stream()
                          .filter(SessionFacts::isOpen)
                          .map(SessionFacts::user)
                          .filter(Objects::nonNull)
                          .distinct()
                          .count();
                  return new ServerUsage(name, Counts.of(own, since), people);
                })
            .toList();
    return new ServersReport(new Window(window.toString(), since.toString()), items);
  }

  /** The dashboard's first page: what is running, who is active, what failed in the last hour. */
  public record Overview(
      boolean gatewayReady,
      long sessions,
      Map<String, Long> sessionsByPhase,
      Map<String, Map<String, Long>> sessionsByServer,
      long users,
      long usersDisabled,
      long activeUsers,
      long failuresLastHour,
      long refusalsLastHour,
      List<ServerView.Failure> recentFailures,
      List<String> invalidServers) {}

  public Overview overview(ServerOverview catalog) {
    List<McpSession> all = sessions.list();
    Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
    Map<String, Map<String, Long>> byServer = new TreeMap<>();
    all.forEach(
        s ->
            byServer
                .computeIfAbsent(
                    Objects.toString(SessionFacts.server(s), "?"), k -> new TreeMap<>())
                .merge(SessionFacts.phase(s), 1L, Long::sum));
    List<McpSession> lastHour =
        all.stream().filter(s -> !SessionFacts.createdAt(s).isBefore(hourAgo)).toList();
    List<McpUser> everyone = users.list();
    return new Overview(
        gatewayReady.getAsBoolean(),
        all.size(),
        ServerOverview.byPhase(all),
        byServer,
        everyone.size(),
        everyone.stream().filter(u -> u.getSpec() != null && u.getSpec().isDisabled()).count(),
        all.stream()
            .filter(SessionFacts::isOpen)
            .map(SessionFacts::user)
            .filter(Objects::nonNull)
            .distinct()
            .count(),
        lastHour.stream()
            .filter(s -> SessionFacts.isFailed(s) && !SessionFacts.isRefusal(s))
            .count(),
        lastHour.stream().filter(SessionFacts::isRefusal).count(),
        ServerOverview.recentFailures(lastHour, ServerOverview.RECENT_FAILURES),
        catalog.list().stream()
            .filter(v -> "False".equals(v.valid()))
            .map(ServerView::name)
            .toList());
  }
}
