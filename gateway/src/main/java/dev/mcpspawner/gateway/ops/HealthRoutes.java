package dev.mcpspawner.gateway.ops;

import dev.mcpspawner.gateway.admin.SessionAdmin;
import io.javalin.config.RoutesConfig;
import java.util.function.BooleanSupplier;

/** Liveness, readiness, metrics and session counts: nothing here names a session or a user. */
public final class HealthRoutes {
  private final BooleanSupplier ready;
  private final GatewayMetrics metrics;
  private final SessionAdmin sessions;

  public HealthRoutes(BooleanSupplier ready, GatewayMetrics metrics, SessionAdmin sessions) {
    this.ready = ready;
    this.metrics = metrics;
    this.sessions = sessions;
  }

  public void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.result("ok"));
    routes.get(
        "/readyz",
        ctx -> {
          boolean ok = ready.getAsBoolean();
          ctx.status(ok ? 200 : 503).result(ok ? "ok" : "not ready");
        });
    routes.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    routes.get("/health/sessions", ctx -> ctx.json(sessions.countsByPhase()));
  }
}
