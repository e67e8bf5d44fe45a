package dev.mcpspawner.gateway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/** The gateway's Prometheus metrics: requests, latency, active sessions, spawn wait. */
public final class GatewayMetrics {
  /** MCP methods kept as label values; anything else is "other" (labels stay bounded). */
  private static final Set<String> KNOWN_METHODS =
      Set.of(
          "initialize",
          "ping",
          "tools/list",
          "tools/call",
          "resources/list",
          "resources/read",
          "resources/templates/list",
          "resources/subscribe",
          "resources/unsubscribe",
          "prompts/list",
          "prompts/get",
          "completion/complete",
          "logging/setLevel",
          "server/discover",
          "notifications/initialized",
          "notifications/cancelled",
          "notifications/progress",
          "notifications/roots/list_changed",
          "GET",
          "DELETE");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer spawnWait;

  public GatewayMetrics(Supplier<Number> activeSessions, Supplier<Number> openStreams) {
    this(activeSessions, openStreams, () -> 0);
  }

  /**
   * @param usersWithSessions how many distinct users have at least one open session (a count only:
   *     no user is named in metrics)
   */
  public GatewayMetrics(
      Supplier<Number> activeSessions,
      Supplier<Number> openStreams,
      Supplier<Number> usersWithSessions) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Gauge.builder("mcp_gateway_active_sessions", activeSessions)
        .description("McpSessions in phase Ready")
        .register(registry);
    Gauge.builder("mcp_gateway_open_streams", openStreams)
        .description("SSE streams being relayed by this gateway")
        .register(registry);
    Gauge.builder("mcp_gateway_users_with_sessions", usersWithSessions)
        .description("Users with at least one open session (not Failed, not ending)")
        .register(registry);
    spawnWait =
        Timer.builder("mcp_gateway_spawn_wait")
            .description("Time requests waited for their session to become Ready")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
  }

  /** Counts a request refused before relaying: quota, rate_limit, user_disabled, auth, revoked. */
  public void refused(String reason) {
    Counter.builder("mcp_gateway_refusals")
        .description("Requests refused before anything was relayed, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public Timer spawnWait() {
    return spawnWait;
  }

  /** Records one MCP request; {@code server} must already be a known catalog name or "unknown". */
  public void request(String server, String method, int status, Duration latency) {
    String m = method == null ? "none" : KNOWN_METHODS.contains(method) ? method : "other";
    Timer.builder("mcp_gateway_requests")
        .description("MCP requests by server, method and HTTP status")
        .tag("server", server == null ? "unknown" : server)
        .tag("method", m)
        .tag("status", String.valueOf(status))
        .publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofMinutes(5))
        .register(registry)
        .record(latency);
  }

  public String scrape() {
    return registry.scrape();
  }
}
