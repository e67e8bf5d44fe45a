package dev.mcpspawner.gateway.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /admin}: the dashboard's pages, one HTML shell, one script and one stylesheet, all static.
 * They hold no data: the script asks {@code /admin/api} with the bearer token the administrator
 * signs in with, so a page is worth nothing to someone who is not an admin, and a forged cross-site
 * request has no token to send. Strict CSP: only this origin's script and style, no inline code, no
 * framing.
 */
public final class DashboardRoutes {
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** The pages; each is the same shell, and the script draws the one its path names. */
  public static final List<String> PAGES =
      List.of(
          "/admin",
          "/admin/users",
          "/admin/users/{name}",
          "/admin/sessions",
          "/admin/sessions/{id}",
          "/admin/servers");

  public static final String SCRIPT = "/admin/assets/admin.js";
  public static final String STYLE = "/admin/assets/admin.css";

  private final String html = AdminApiRoutes.resource("/admin/index.html");
  private final String script = AdminApiRoutes.resource("/admin/admin.js");
  private final String style = AdminApiRoutes.resource("/admin/admin.css");

  public void register(RoutesConfig routes) {
    for (String page : PAGES) {
      routes.get(page, ctx -> send(ctx, "text/html; charset=utf-8", html));
    }
    routes.get(SCRIPT, ctx -> send(ctx, "text/javascript; charset=utf-8", script));
    routes.get(STYLE, ctx -> send(ctx, "text/css; charset=utf-8", style));
  }

  /** A static page or asset under the dashboard's policy (also the account page's). */
  public static void send(Context ctx, String type, String body) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-store")
        .contentType(type)
        .result(body);
  }
}
