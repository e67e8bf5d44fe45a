package dev.mcpspawner.gateway.credentials;

import dev.mcpspawner.gateway.admin.AdminApiRoutes;
import dev.mcpspawner.gateway.admin.DashboardRoutes;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * {@code /account}: a person's own credentials page, static like the dashboard and under the same
 * policy (only this origin's script and style, no inline code, no framing). It holds no data: its
 * script calls {@code /account/api} with the bearer token the person signs in with, kept in the
 * tab, so a forged cross-site request has no credential to carry. Also serves the scripts the page
 * and the dashboard share.
 */
public final class AccountPageRoutes {
  public static final String PAGE = "/account";
  public static final String SCRIPT = "/account/assets/account.js";

  /** The browser sign-in both the account page and the dashboard use. */
  public static final String SIGN_IN_SCRIPT = "/account/assets/signin.js";

  /** The page helpers both share (text-only DOM building, the bearer API call). */
  public static final String PAGE_SCRIPT = "/account/assets/page.js";

  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

  private final String html = AdminApiRoutes.resource("/account/index.html");
  private final Map<String, String> scripts =
      Map.of(
          SCRIPT, AdminApiRoutes.resource("/account/account.js"),
          SIGN_IN_SCRIPT, AdminApiRoutes.resource("/account/signin.js"),
          PAGE_SCRIPT, AdminApiRoutes.resource("/account/page.js"));

  public void register(RoutesConfig routes) {
    routes.get(PAGE, ctx -> DashboardRoutes.send(ctx, "text/html; charset=utf-8", html));
    scripts.forEach(
        (path, body) -> routes.get(path, ctx -> DashboardRoutes.send(ctx, JAVASCRIPT, body)));
  }
}
