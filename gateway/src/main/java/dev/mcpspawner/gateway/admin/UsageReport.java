package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcpspawner.crds.Durations;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.UsageBucket;
import dev.mcpspawner.gateway.session.ServerCatalog;
import dev.mcpspawner.gateway.session.SessionStore;
import dev.mcpspawner.gateway.user.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * operator's refusals), each McpUser's status (CPU and memory requested, last seen, written by the
 * operator) and each McpServer's {@code status.usage} (tool calls and open-session peaks per 5
 * minutes, written by the gateway replicas together) and each McpUser's {@code status.usage} (the
 * user's tool calls and the gateway's refusals of them by reason, likewise). Sessions already
 * deleted are gone from the API and are not counted; refusals of callers without an McpUser (bad
 * tokens) are counted on the server the request was for, in the same {@code status.usage}.
 */
public final class UsageReport {
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  private final SessionStore sessions;
  private final UserDirectory users;
  private final ServerCatalog servers;
  private final Clock clock;
  private final BooleanSupplier gatewayReady;
  private final OperatorHealth operator;
  private final PodMetricsSource metrics;

  /**
   * @param metrics the session pods' actual CPU and memory (the metrics API)
   */
  public UsageReport(
      SessionStore sessions,
      UserDirectory users,
      ServerCatalog servers,
      Clock clock,
      BooleanSupplier gatewayReady,
      OperatorHealth operator,
      PodMetricsSource metrics) {
    this.sessions = sessions;
    this.users = users;
    this.servers = servers;
    this.clock = clock;
    this.gatewayReady = gatewayReady;
    this.operator = operator;
    this.metrics = metrics;
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

  /**
   * One user's usage; CPU and memory requested and last seen are the operator's (McpUser status).
   *
   * @param activity tool calls and refusals within the window (at most the 24 hours McpUser status
   *     keeps), which every replica adds to
   * @param actual what the user's open sessions' pods use now (the metrics API); absent without
   *     one, or without a sample of any of those pods
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record UserUsage(
      String name,
      String subject,
      boolean disabled,
      Counts counts,
      Integer quotaSessions,
      String cpuRequested,
      String memoryRequested,
      String lastSeen,
      UserActivity activity,
      PodMetricsSource.Actual actual) {}

  /**
   * One server's usage.
   *
   * @param toolCalls tools/call requests within the window (McpServer status, all replicas)
   * @param toolErrors of those, the ones not answered 2xx
   * @param cpuRequested what the open sessions' pods request together (McpServer status, the
   *     operator's); absent until the operator has reported
   * @param memoryRequested likewise
   * @param actual what the open sessions' pods use now (the metrics API); absent without one, or
   *     without a sample of any of those pods
   * @param unknownCallerRefusals requests for the server refused within the window with no McpUser
   *     to count them in (McpServer status, all replicas)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServerUsage(
      String name,
      Counts counts,
      long users,
      long toolCalls,
      long toolErrors,
      String cpuRequested,
      String memoryRequested,
      PodMetricsSource.Actual actual,
      CallerRefusals unknownCallerRefusals) {}

  /**
   * Requests refused with no McpUser to count them in, by reason, from the servers' {@code
   * status.usage} (every replica adds to it): {@code auth}, the credential authenticated no one (or
   * there was none); {@code quota} and {@code rate}, a signed-in caller whose McpUser did not exist
   * (yet) reached a session quota or the rate limit. Only counts: never the credential.
   */
  public record CallerRefusals(long auth, long quota, long rate) {
    static final CallerRefusals NONE = new CallerRefusals(0, 0, 0);

    CallerRefusals plus(CallerRefusals o) {
      return new CallerRefusals(auth + o.auth, quota + o.quota, rate + o.rate);
    }

    /** The server's buckets from the one {@code since} falls in on. */
    static CallerRefusals of(McpServer server, Instant since) {
      CallerRefusals sum = NONE;
      if (server == null || server.getStatus() == null || server.getStatus().getUsage() == null) {
        return sum;
      }
      Instant first = dev.mcpspawner.gateway.ops.ServerUsage.bucketOf(since);
      for (UsageBucket b : server.getStatus().getUsage()) {
        if (!SessionFacts.instant(b.getStart()).isBefore(first)) {
          sum =
              sum.plus(
                  new CallerRefusals(
                      n(b.getAuthRefusals()), n(b.getQuotaRefusals()), n(b.getRateRefusals())));
        }
      }
      return sum;
    }

    private static long n(Long v) {
      return v == null ? 0 : v;
    }
  }

  /** One 5-minute interval of a server's timeline; zero where nothing was recorded. */
  public record Point(String start, long toolCalls, long toolErrors, int sessionsPeak) {}

  /** A server's intervals over the window, oldest first, with their sums and the highest peak. */
  public record ServerTimeline(
      String name, long toolCalls, long toolErrors, int sessionsPeak, List<Point> points) {}

  /** Every server's timeline; {@code bucket} is the length of one interval. */
  public record Timeline(Window window, String bucket, List<ServerTimeline> servers) {}

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
                      lastSeen(u, own),
                      UserActivity.of(st, since),
                      metrics.sum(own));
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
            .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
            .map(
                server -> {
                  String name = server.getMetadata().getName();
                  List<McpSession> own = byServer.getOrDefault(name, List.of());
                  long people =
                      own.stream()
                          .filter(SessionFacts::isOpen)
                          .map(SessionFacts::user)
                          .filter(Objects::nonNull)
                          .distinct()
                          .count();
                  List<Point> points = points(server, since);
                  var st = server.getStatus();
                  return new ServerUsage(
                      name,
                      Counts.of(own, since),
                      people,
                      points.stream().mapToLong(Point::toolCalls).sum(),
                      points.stream().mapToLong(Point::toolErrors).sum(),
                      st == null ? null : UserView.text(st.getCpuRequested()),
                      st == null ? null : UserView.text(st.getMemoryRequested()),
                      metrics.sum(own),
                      CallerRefusals.of(server, since));
                })
            .toList();
    return new ServersReport(new Window(window.toString(), since.toString()), items);
  }

  /**
   * Tool calls, errors and the open-session peak per 5 minutes and server, from {@code
   * McpServer.status.usage} (which the gateway replicas write together, so every one answers the
   * same). The window is at most the 24 hours the status keeps.
   *
   * @param server only this server; null: every server in the catalog
   */
  public Timeline timeline(Duration window, String server) {
    if (window.compareTo(dev.mcpspawner.gateway.ops.ServerUsage.KEEP) > 0) {
      throw AdminRequestException.badRequest("window must be at most 24h: the status keeps a day");
    }
    Instant since =
        dev.mcpspawner.gateway.ops.ServerUsage.bucketOf(clock.instant().minus(window))
            .plus(dev.mcpspawner.gateway.ops.ServerUsage.BUCKET);
    List<ServerTimeline> items =
        servers.list().stream()
            .filter(
                s -> server == null || server.isBlank() || server.equals(s.getMetadata().getName()))
            .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
            .map(
                s -> {
                  List<Point> points = points(s, since);
                  return new ServerTimeline(
                      s.getMetadata().getName(),
                      points.stream().mapToLong(Point::toolCalls).sum(),
                      points.stream().mapToLong(Point::toolErrors).sum(),
                      points.stream().mapToInt(Point::sessionsPeak).max().orElse(0),
                      points);
                })
            .toList();
    return new Timeline(
        new Window(window.toString(), since.toString()),
        dev.mcpspawner.gateway.ops.ServerUsage.BUCKET.toString(),
        items);
  }

  /** Every interval from {@code since} to now, filled in from the server's status. */
  private List<Point> points(McpServer server, Instant since) {
    Map<Instant, UsageBucket> stored = new TreeMap<>();
    if (server != null && server.getStatus() != null && server.getStatus().getUsage() != null) {
      for (UsageBucket b : server.getStatus().getUsage()) {
        Instant start = SessionFacts.instant(b.getStart());
        if (!start.equals(Instant.EPOCH)) {
          stored.put(start, b);
        }
      }
    }
    Instant start = dev.mcpspawner.gateway.ops.ServerUsage.bucketOf(since);
    Instant last = dev.mcpspawner.gateway.ops.ServerUsage.bucketOf(clock.instant());
    List<Point> points = new ArrayList<>();
    for (Instant t = start;
        !t.isAfter(last);
        t = t.plus(dev.mcpspawner.gateway.ops.ServerUsage.BUCKET)) {
      UsageBucket b = stored.get(t);
      points.add(
          b == null
              ? new Point(t.toString(), 0, 0, 0)
              : new Point(
                  t.toString(),
                  b.getToolCalls() == null ? 0 : b.getToolCalls(),
                  b.getToolErrors() == null ? 0 : b.getToolErrors(),
                  b.getSessionsPeak() == null ? 0 : b.getSessionsPeak()));
    }
    return points;
  }

  /**
   * The dashboard's first page: what is running, who is active, what failed in the last hour.
   *
   * @param operator the operator's health, from its leader Lease
   * @param refusalsLastHour sessions the operator refused (Failed, QuotaExceeded or UserDisabled)
   * @param unknownCallerRefusalsLastHour requests refused with no McpUser to count them in, by
   *     reason, over the 5-minute intervals of the last hour
   */
  public record Overview(
      boolean gatewayReady,
      OperatorHealth.Health operator,
      long sessions,
      Map<String, Long> sessionsByPhase,
      Map<String, Map<String, Long>> sessionsByServer,
      long users,
      long usersDisabled,
      long activeUsers,
      long failuresLastHour,
      long refusalsLastHour,
      CallerRefusals unknownCallerRefusalsLastHour,
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
        operator.now(),
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
        servers.list().stream()
            .map(s -> CallerRefusals.of(s, hourAgo))
            .reduce(CallerRefusals.NONE, CallerRefusals::plus),
        ServerOverview.recentFailures(lastHour, ServerOverview.RECENT_FAILURES),
        catalog.list().stream()
            .filter(v -> "False".equals(v.valid()))
            .map(ServerView::name)
            .toList());
  }
}
