package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.audit.AuditLog.fields;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.gateway.admin.AdminApiRoutes;
import dev.mcpspawner.gateway.admin.DashboardRoutes;
import dev.mcpspawner.gateway.admin.OperatorHealth;
import dev.mcpspawner.gateway.admin.PodMetricsSource;
import dev.mcpspawner.gateway.admin.ServerOverview;
import dev.mcpspawner.gateway.admin.SessionAdmin;
import dev.mcpspawner.gateway.admin.SessionInspector;
import dev.mcpspawner.gateway.admin.SessionRoutes;
import dev.mcpspawner.gateway.admin.UsageReport;
import dev.mcpspawner.gateway.admin.UserAdmin;
import dev.mcpspawner.gateway.admin.UserEvents;
import dev.mcpspawner.gateway.audit.AuditLog;
import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.credentials.AccountPageRoutes;
import dev.mcpspawner.gateway.credentials.AccountRoutes;
import dev.mcpspawner.gateway.credentials.CredentialCheck;
import dev.mcpspawner.gateway.credentials.CredentialOverview;
import dev.mcpspawner.gateway.credentials.CredentialStore;
import dev.mcpspawner.gateway.legacy.LegacySseRoutes;
import dev.mcpspawner.gateway.mcp.McpRoutes;
import dev.mcpspawner.gateway.ops.GatewayMetrics;
import dev.mcpspawner.gateway.ops.HealthRoutes;
import dev.mcpspawner.gateway.ops.ServerUsage;
import dev.mcpspawner.gateway.ops.UserUsage;
import dev.mcpspawner.gateway.relay.ResponseStream;
import dev.mcpspawner.gateway.relay.UpstreamRelay;
import dev.mcpspawner.gateway.session.ActivityTracker;
import dev.mcpspawner.gateway.session.RunnerTokens;
import dev.mcpspawner.gateway.session.SandboxRelay;
import dev.mcpspawner.gateway.session.ServerCatalog;
import dev.mcpspawner.gateway.session.SessionAdmission;
import dev.mcpspawner.gateway.session.SessionQuota;
import dev.mcpspawner.gateway.session.SessionRouter;
import dev.mcpspawner.gateway.session.SessionStore;
import dev.mcpspawner.gateway.user.RateLimiter;
import dev.mcpspawner.gateway.user.UserAdmission;
import dev.mcpspawner.gateway.user.UserDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: builds every object from a Kubernetes client, a config and an authenticator, and
 * owns their lifecycle. It keeps nothing in memory that a restart would miss: sessions live in the
 * API, so any number of instances serve the same sessions.
 */
public final class GatewayApp implements AutoCloseable {
  /** How long shutdown waits for closed legacy SSE streams to end their sessions. */
  private static final Duration LEGACY_END_GRACE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);
  private static final Duration FINAL_FLUSH_LIMIT = Duration.ofSeconds(5);
  private static final String ATTR_START = "gateway.start";
  private static final String ATTR_COUNTED = "gateway.counted";

  private final GatewayConfig config;
  private final SessionStore sessions;
  private final ServerCatalog servers;
  private final UserDirectory users;
  private final UpstreamRelay relay;
  private final ResponseStream responses;
  private final ActivityTracker activity;
  private final ServerUsage usage;
  private final UserUsage userUsage;
  private final GatewayMetrics metrics;
  private final OriginPolicy origins;
  private final LegacySseRoutes legacy;
  private final AdminApiRoutes adminApi;
  private final ScheduledExecutorService scheduler;
  private final Javalin javalin;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  public GatewayApp(KubernetesClient client, GatewayConfig config, Authenticator authenticator) {
    this(client, config, authenticator, routes -> {});
  }

  /**
   * @param signInRoutes mounts the sign-in routes (OAuth metadata, authorization server pages and
   *     endpoints) of the configured mode; see {@code dev.mcpspawner.oauth.SignIn}
   */
  public GatewayApp(
      KubernetesClient client,
      GatewayConfig config,
      Authenticator authenticator,
      Consumer<RoutesConfig> signInRoutes) {
    this(
        client,
        config,
        authenticator,
        signInRoutes,
        new UserDirectory(client, config.namespace(), config.userDefaults()));
  }

  /**
   * @param users the McpUsers, made by the caller when its sign-in needs them first (the verifier's
   *     per-user {@code tokensNotBefore}); started and closed by this app
   */
  public GatewayApp(
      KubernetesClient client,
      GatewayConfig config,
      Authenticator credentials,
      Consumer<RoutesConfig> signInRoutes,
      UserDirectory users) {
    this.config = config;
    this.users = users;
    ObjectMapper json =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    this.sessions = new SessionStore(client, config.namespace());
    this.servers = new ServerCatalog(client, config.namespace());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("gateway-timer").factory());
    this.responses = new ResponseStream(scheduler, config.streamHeartbeat());
    this.metrics =
        new GatewayMetrics(this::readySessions, responses::openStreams, this::usersWithSessions);
    RunnerTokens tokens = new RunnerTokens(client, config.namespace());
    CredentialStore credentialStore =
        new CredentialStore(client, config.namespace(), Clock.systemUTC());
    CredentialCheck credentialCheck =
        new CredentialCheck(
            credentialStore, (config.publicUrl() == null ? "" : config.publicUrl()) + "/account");
    SessionRouter router =
        new SessionRouter(
            sessions,
            servers,
            tokens,
            SessionAdmission.all(
                List.of(new SessionQuota(sessions, users::quotaOf), credentialCheck)),
            config.spawnTimeout(),
            metrics.spawnWait());
    Authenticator authenticator =
        new UserAdmission(
            credentials, users, new RateLimiter(users::rateLimitOf, System::nanoTime));
    this.relay = new UpstreamRelay(config.upstreamTimeout());
    this.activity =
        new ActivityTracker(
            Clock.systemUTC(),
            (session, at) ->
                sessions.annotate(session, McpSpawner.ANNOTATION_LAST_ACTIVITY, at.toString()));
    this.userUsage =
        new UserUsage(
            Clock.systemUTC(),
            UserUsage.inStatus(client, config.namespace(), users),
            UserUsage.namesFrom(users));
    this.usage =
        new ServerUsage(
            Clock.systemUTC(),
            ServerUsage.inStatus(client, config.namespace(), servers),
            this::openSessionsByServer,
            userUsage);
    this.origins = new OriginPolicy(config.allowedOrigins(), config.publicUrl());
    AuditLog audit = new AuditLog(json);
    users.onCreated(
        user ->
            audit.record(
                "user_created",
                null,
                fields(
                    "subject", user.getSpec().getSubject(), "name", user.getMetadata().getName())));
    SessionAdmin admin = new SessionAdmin(sessions, router, config.adminGroups());

    SandboxRelay sandboxes = new SandboxRelay(relay, router);
    McpRoutes mcp =
        new McpRoutes(
            authenticator,
            router,
            sandboxes,
            responses,
            activity,
            usage,
            audit,
            json,
            config.maxBodyBytes());
    this.legacy =
        new LegacySseRoutes(
            authenticator,
            router,
            sandboxes,
            activity,
            usage,
            audit,
            json,
            config.maxBodyBytes(),
            config.streamHeartbeat(),
            this::peerUrl);
    SessionRoutes sessionRoutes = new SessionRoutes(authenticator, admin, audit);
    AccountRoutes account =
        new AccountRoutes(authenticator, router, servers, users, credentialStore, audit, json);
    HealthRoutes health = new HealthRoutes(this::isReady, metrics, admin);
    ServerOverview serverOverview = new ServerOverview(servers, sessions);
    PodMetricsSource podMetrics =
        new PodMetricsSource(client, config.namespace(), Clock.systemUTC());
    this.adminApi =
        new AdminApiRoutes(
            authenticator,
            config.adminGroups(),
            new UserAdmin(
                client,
                config.namespace(),
                users,
                sessions,
                router,
                config.userDefaults(),
                Clock.systemUTC(),
                podMetrics),
            new SessionInspector(client, config.namespace(), sessions, router),
            serverOverview,
            new UsageReport(
                sessions,
                users,
                servers,
                Clock.systemUTC(),
                this::isReady,
                new OperatorHealth(client, config.operatorLease(), Clock.systemUTC()),
                podMetrics),
            new CredentialOverview(servers, credentialStore),
            new UserEvents(client, config.namespace(), Clock.systemUTC()),
            audit);
    DashboardRoutes dashboard = new DashboardRoutes();
    HttpErrors errors = new HttpErrors(json, audit, config.publicUrl(), metrics, userUsage, usage);

    this.javalin =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.concurrency.useVirtualThreads = true;
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              cfg.http.maxRequestSize = config.maxBodyBytes();
              cfg.jsonMapper(new JavalinJackson(json, false));
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
              cfg.routes.before(this::before);
              cfg.routes.after(this::after);
              cfg.routes.options(
                  "/*",
                  ctx ->
                      ctx.status(204)
                          .header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
                          .header(
                              "Access-Control-Allow-Headers",
                              OriginPolicy.allowedHeaders(
                                  ctx.header("Access-Control-Request-Headers")))
                          .header("Access-Control-Max-Age", "600"));
              mcp.register(cfg.routes);
              sessionRoutes.register(cfg.routes);
              account.register(cfg.routes);
              new AccountPageRoutes().register(cfg.routes);
              adminApi.register(cfg.routes);
              dashboard.register(cfg.routes);
              legacy.register(cfg.routes);
              health.register(cfg.routes);
              signInRoutes.accept(cfg.routes);
              errors.register(cfg.routes);
            });
  }

  /**
   * Starts the informers, the server (live at once, ready once the informers have synced) and the
   * activity flusher; returns when the informers have synced or after 30 s.
   */
  public GatewayApp start() {
    sessions.start();
    servers.start();
    users.start();
    javalin.start();
    try {
      CompletableFuture.allOf(sessions.synced(), servers.synced(), users.synced())
          .get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("informers not synced after 30 s; /readyz stays false until they are");
    } catch (ExecutionException e) {
      LOG.warn("informers failed to sync: {}; /readyz stays false", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long every = config.activityInterval().toMillis();
    scheduler.scheduleWithFixedDelay(activity::flush, every, every, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(usage::flush, every, every, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(userUsage::flush, every, every, TimeUnit.MILLISECONDS);
    LOG.info("gateway listening on port {} for namespace {}", port(), config.namespace());
    return this;
  }

  /** The McpUsers as this gateway sees them. */
  public UserDirectory users() {
    return users;
  }

  /** The admin API's routes, as registered (for the test that walks every one). */
  public List<AdminApiRoutes.Route> adminRoutes() {
    return adminApi.routes();
  }

  public int port() {
    return javalin.port();
  }

  /** Where other replicas reach this one ({@code http://<pod IP>:<port>}), or null when alone. */
  private String peerUrl() {
    String host = config.peerHost();
    if (host == null) {
      return null;
    }
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  public boolean isReady() {
    return !draining && synced();
  }

  private boolean synced() {
    return sessions.hasSynced() && servers.hasSynced() && users.hasSynced();
  }

  /** Writes pending last-activity annotations now (tests and shutdown). */
  public void flushActivity() {
    activity.flush();
  }

  /**
   * Adds this replica's tool calls and open-session peaks to the servers' status, and its tool
   * calls and refusals to the users' status, now (tests).
   */
  public void flushUsage() {
    usage.flush();
    userUsage.flush();
  }

  /** Distinct users with an open session, counted as {@link #openSessionsByServer} counts. */
  private int usersWithSessions() {
    Set<String> users = new HashSet<>();
    for (McpSession s : sessions.list()) {
      if (s.getSpec() != null && s.getSpec().getUser() != null && SessionQuota.holdsAPlace(s)) {
        users.add(s.getSpec().getUser());
      }
    }
    return users.size();
  }

  /** Open sessions (neither Failed nor ending) per server, from the cache. */
  private Map<String, Integer> openSessionsByServer() {
    Map<String, Integer> open = new HashMap<>();
    for (McpSession s : sessions.list()) {
      if (s.getSpec() != null && s.getSpec().getServer() != null && SessionQuota.holdsAPlace(s)) {
        open.merge(s.getSpec().getServer(), 1, Integer::sum);
      }
    }
    return open;
  }

  private void before(Context ctx) {
    ctx.attribute(ATTR_START, System.nanoTime());
    String origin = ctx.header("Origin");
    origins.check(origin);
    origins.allow(origin, ctx::header);
    if (ctx.path().startsWith("/mcp/")) {
      if (draining) {
        throw new DrainingException();
      }
      // Open GET streams are not waited for on shutdown: clients resume them elsewhere.
      if (!"GET".equals(ctx.method().name())) {
        inFlight.incrementAndGet();
        ctx.attribute(ATTR_COUNTED, Boolean.TRUE);
      }
    }
  }

  private void after(Context ctx) {
    if (Boolean.TRUE.equals(ctx.attribute(ATTR_COUNTED))) {
      inFlight.decrementAndGet();
      ctx.attribute(ATTR_COUNTED, Boolean.FALSE);
    }
    Long start = ctx.attribute(ATTR_START);
    if (start != null && ctx.path().startsWith("/mcp/")) {
      String method = ctx.attribute(McpRoutes.ATTR_METHOD);
      metrics.request(
          ctx.attribute(McpRoutes.ATTR_SERVER),
          method,
          ctx.res().getStatus(),
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private int readySessions() {
    return (int)
        sessions.list().stream()
            .filter(s -> s.getStatus() != null && s.getStatus().getPhase() == SessionPhase.Ready)
            .count();
  }

  /**
   * Graceful stop: readiness goes false and new MCP requests get 503, requests in flight finish (up
   * to the drain timeout), pending activity is written, then everything closes.
   */
  @Override
  public void close() {
    draining = true;
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      sleep(Duration.ofMillis(20));
    }
    legacy.closeAll(LEGACY_END_GRACE);
    javalin.stop();
    scheduler.shutdownNow();
    finalActivityFlush();
    relay.close();
    sessions.close();
    servers.close();
    users.close();
  }

  /**
   * Writes the last interval's activity, but does not hold up the exit for it: with the API server
   * unreachable, fabric8 retries a request for minutes. Losing one interval is what a crash costs
   * anyway.
   */
  private void finalActivityFlush() {
    Thread flusher =
        Thread.ofVirtual()
            .name("activity-final-flush")
            .start(
                () -> {
                  activity.flush();
                  usage.flush();
                  userUsage.flush();
                });
    try {
      if (!flusher.join(FINAL_FLUSH_LIMIT)) {
        LOG.warn(
            "last activity not written within {}s (API server unreachable?); exiting without it",
            FINAL_FLUSH_LIMIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
