package dev.mcpspawner.gateway.admin;

import static dev.mcpspawner.gateway.audit.AuditLog.fields;

import dev.mcpspawner.gateway.audit.AuditLog;
import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /sessions}, {@code GET/DELETE /sessions/{id}}. */
public record SessionRoutes(Authenticator authenticator, SessionAdmin admin, AuditLog audit) {
  public void register(RoutesConfig routes) {
    routes.get("/sessions", ctx -> ctx.json(admin.list(principal(ctx))));
    routes.get("/sessions/{id}", ctx -> ctx.json(admin.get(principal(ctx), ctx.pathParam("id"))));
    routes.delete(
        "/sessions/{id}",
        ctx -> {
          Principal principal = principal(ctx);
          String id = ctx.pathParam("id");
          admin.end(principal, id);
          audit.record("session_ended", principal, fields("session", id, "by", "session-api"));
          ctx.status(204);
        });
  }

  private Principal principal(Context ctx) {
    return authenticator.authenticate(ctx.header("Authorization"));
  }
}
