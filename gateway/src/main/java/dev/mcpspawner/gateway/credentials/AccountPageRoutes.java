package dev.mcpspawner.gateway.credentials;

import dev.mcpspawner.gateway.admin.AdminApiRoutes;
import dev.mcpspawner.gateway.admin.DashboardRoutes;
import io.javalin.config.RoutesConfig;

/**
 * {@code /account}: a person's own credentials page, static like the dashboard and under the same
 * policy (only this origin's script and style, no inline code, no framing). It holds no data: its
 * script calls {@code /account/api} with the bearer token the person signs in with, kept in the
 * tab, so a forged cross-site request has no credential to carry.
 */
public final class AccountPageRoutes {
  public static final String PAGE = "/account";
  public static final String SCRIPT = "/account/assets/account.js";

  /** The browser sign-in both the account page and the dashboard use. */
  public static final String SIGN_IN_SCRIPT = "/account/assets/signin.js";

  private final String html = AdminApiRoutes.resource("/account/index.html");
  private final String script = AdminApiRoutes.resource("/account/account.js");
  private final String signIn = AdminApiRoutes.resource("/account/signin.js");

  public void register(RoutesConfig routes) {
    routes.get(PAGE, ctx -> DashboardRoutes.send(ctx, "text/html; charset=utf-8", html));
    routes.get(SCRIPT, ctx -> DashboardRoutes.send(ctx, "text/javascript; charset=utf-8", script));
    routes.get(
        SIGN_IN_SCRIPT, ctx -> DashboardRoutes.send(ctx, "text/javascript; charset=utf-8", signIn));
  }
}
