package dev.mcpspawner.gateway.ops;

import dev.mcpspawner.gateway.admin.SessionAdmin;
import io.javalin.config.RoutesConfig;
import java.util.function.BooleanSupplier;

/** Liveness, readiness, metrics and session counts: nothing here names a session or a user. */
public record HealthRoutes(BooleanSupplier ready, GatewayMetrics metrics, SessionAdmin sessions) {
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
