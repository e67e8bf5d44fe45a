package dev.mcpspawner.oauth.web;

import dev.mcpspawner.oauth.OAuthAudit;
import dev.mcpspawner.oauth.OAuthSettings;
import dev.mcpspawner.oauth.client.ClientMetadataDocuments;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.LoginThrottle;
import dev.mcpspawner.oauth.login.UpstreamLoginException;
import dev.mcpspawner.oauth.login.UpstreamOidc;
import dev.mcpspawner.oauth.login.UserIdentity;
import dev.mcpspawner.oauth.server.AuthorizationEndpoint;
import dev.mcpspawner.oauth.server.PendingAuthorization;
import dev.mcpspawner.oauth.store.Ids;
import dev.mcpspawner.oauth.store.OAuthStore.Stored;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in authorization server's browser side: authorize, then the password or upstream
 * sign-in, then consent, each page with a strict CSP, its pending request bound to the browser by a
 * cookie and its forms by a CSRF token. The decisions are {@link AuthorizationEndpoint}'s.
 */
record SignInPages(
    OAuthSettings settings,
    AuthorizationEndpoint authorize,
    LocalUsers localUsers,
    UpstreamOidc upstream,
    OAuthAudit audit,
    LoginThrottle throttle) {
  private static final Logger LOG = LoggerFactory.getLogger(SignInPages.class);
  private static final int MAX_FAILED_LOGINS = 5;

  void register(RoutesConfig routes) {
    routes.get("/oauth/authorize", page(this::authorize));
    routes.post("/oauth/login", page(this::login));
    routes.post("/oauth/login/upstream", page(this::loginUpstream));
    routes.get("/oauth/callback", page(this::callback));
    routes.get("/oauth/consent", page(this::showConsent));
    routes.post("/oauth/consent", page(this::consent));
  }

  private void authorize(Context ctx) {
    Map<String, String> params = new HashMap<>();
    ctx.queryParamMap().forEach((k, v) -> params.put(k, v.size() == 1 ? v.get(0) : null));
    AuthorizationEndpoint.Outcome outcome = authorize.begin(params);
    switch (outcome) {
      case AuthorizationEndpoint.ErrorPage e -> html(ctx, 400, Pages.error(e.title(), e.message()));
      case AuthorizationEndpoint.Redirect r -> redirect(ctx, r.location());
      case AuthorizationEndpoint.Started s -> {
        ctx.header("Set-Cookie", cookie(s.requestId(), s.browserSecret()));
        html(ctx, 200, loginPage(s.requestId(), s.request(), null, null));
      }
    }
  }

  private void login(Context ctx) {
    Optional<Stored<PendingAuthorization>> pending = pendingFromForm(ctx);
    if (pending.isEmpty() || localUsers == null || localUsers.isEmpty()) {
      expired(ctx);
      return;
    }
    Stored<PendingAuthorization> p = pending.get();
    String username = ctx.formParam("username");
    if (p.value().failedLogins() >= MAX_FAILED_LOGINS) {
      tooManyOnThisSignIn(ctx, p);
      return;
    }
    Optional<LoginThrottle.Attempt> attempt = throttle.reserve(ctx.ip(), username);
    if (attempt.isEmpty()) {
      audit.record(
          "oauth_login_throttled",
          null,
          p.value().clientId(),
          OAuthAudit.fields("username", username, "remote", ctx.ip()));
      html(
          ctx,
          429,
          loginPage(p.id(), p.value(), username, "Too many failed attempts. Try again later."));
      return;
    }
    Optional<Stored<PendingAuthorization>> reserved = authorize.reserveLogin(p, MAX_FAILED_LOGINS);
    if (reserved.isEmpty()) {
      // Another attempt on this sign-in went first; this one is not checked at all.
      attempt.get().cancelled();
      html(
          ctx,
          429,
          loginPage(p.id(), p.value(), username, "Another sign-in attempt is under way."));
      return;
    }
    p = reserved.get();
    Optional<UserIdentity> user = localUsers.authenticate(username, ctx.formParam("password"));
    if (user.isEmpty()) {
      attempt.get().failed();
      audit.record(
          "oauth_login_failed",
          null,
          p.value().clientId(),
          OAuthAudit.fields("username", username, "method", "password", "remote", ctx.ip()));
      if (p.value().failedLogins() >= MAX_FAILED_LOGINS) {
        tooManyOnThisSignIn(ctx, p);
        return;
      }
      html(ctx, 200, loginPage(p.id(), p.value(), username, "Wrong username or password."));
      return;
    }
    attempt.get().succeeded();
    if (!authorize.update(p, p.value().withUser(user.get()))) {
      expired(ctx);
      return;
    }
    audit.record(
        "oauth_login",
        user.get().userId(),
        p.value().clientId(),
        OAuthAudit.fields("method", "password", "remote", ctx.ip()));
    seeOther(ctx, "/oauth/consent?request=" + p.id());
  }

  private void tooManyOnThisSignIn(Context ctx, Stored<PendingAuthorization> p) {
    authorize.drop(p.id());
    html(
        ctx,
        403,
        Pages.error("Too many attempts", "Start the sign-in again from your application."));
  }

  private void loginUpstream(Context ctx) {
    Optional<Stored<PendingAuthorization>> pending = pendingFromForm(ctx);
    if (pending.isEmpty() || upstream == null) {
      expired(ctx);
      return;
    }
    Stored<PendingAuthorization> p = pending.get();
    UpstreamOidc.Start start;
    try {
      start = upstream.begin(callbackUri(), p.id() + "." + Ids.secret());
    } catch (UpstreamLoginException e) {
      LOG.warn("upstream sign-in unavailable: {}", e.getMessage());
      html(
          ctx, 502, Pages.error("Sign-in unavailable", "The identity provider cannot be reached."));
      return;
    }
    if (!authorize.update(
        p, p.value().withUpstream(start.state(), start.nonce(), start.codeVerifier()))) {
      expired(ctx);
      return;
    }
    redirect(ctx, start.authorizationUrl());
  }

  private void callback(Context ctx) {
    String state = ctx.queryParam("state");
    String requestId =
        state == null || !state.contains(".") ? null : state.substring(0, state.indexOf('.'));
    Optional<Stored<PendingAuthorization>> pending =
        requestId == null
            ? Optional.empty()
            : authorize.byUpstreamState(state, browserCookie(ctx, requestId));
    if (pending.isEmpty() || upstream == null) {
      expired(ctx);
      return;
    }
    Stored<PendingAuthorization> p = pending.get();
    if (ctx.queryParam("error") != null || ctx.queryParam("code") == null) {
      html(
          ctx, 400, Pages.error("Sign-in cancelled", "The identity provider did not sign you in."));
      return;
    }
    UserIdentity user;
    try {
      user =
          upstream.finish(
              ctx.queryParam("code"),
              callbackUri(),
              p.value().upstreamVerifier(),
              p.value().upstreamNonce());
    } catch (UpstreamLoginException e) {
      LOG.warn("upstream sign-in failed: {}", e.getMessage());
      audit.record(
          "oauth_login_failed",
          null,
          p.value().clientId(),
          OAuthAudit.fields("method", "upstream", "reason", e.getMessage(), "remote", ctx.ip()));
      html(
          ctx,
          400,
          Pages.error("Sign-in failed", "The identity provider's answer could not be used."));
      return;
    }
    if (!authorize.update(p, p.value().withUser(user))) {
      expired(ctx);
      return;
    }
    audit.record(
        "oauth_login",
        user.userId(),
        p.value().clientId(),
        OAuthAudit.fields("method", "upstream", "remote", ctx.ip()));
    seeOther(ctx, "/oauth/consent?request=" + p.id());
  }

  private void showConsent(Context ctx) {
    String id = ctx.queryParam("request");
    Optional<Stored<PendingAuthorization>> pending =
        authorize.pending(id, browserCookie(ctx, id)).filter(p -> p.value().user() != null);
    if (pending.isEmpty()) {
      expired(ctx);
      return;
    }
    PendingAuthorization r = pending.get().value();
    UserIdentity u = r.user();
    String clientHost =
        ClientMetadataDocuments.isUrlClientId(r.clientId())
            ? URI.create(r.clientId()).getHost()
            : null;
    html(
        ctx,
        200,
        Pages.consent(
            id,
            r.csrf(),
            r.clientName(),
            clientHost,
            URI.create(r.redirectUri()).getHost(),
            r.resource(),
            Arrays.asList(r.scope().split(" ")),
            u.name() == null ? u.userId() : u.name() + " (" + u.userId() + ")"));
  }

  private void consent(Context ctx) {
    Optional<Stored<PendingAuthorization>> pending =
        pendingFromForm(ctx).filter(p -> p.value().user() != null);
    if (pending.isEmpty()) {
      expired(ctx);
      return;
    }
    clearCookie(ctx, pending.get().id());
    PendingAuthorization r = pending.get().value();
    boolean allow = "allow".equals(ctx.formParam("decision"));
    audit.record(
        allow ? "oauth_consent_granted" : "oauth_consent_denied",
        r.user().userId(),
        r.clientId(),
        OAuthAudit.fields("resource", r.resource(), "scope", r.scope(), "remote", ctx.ip()));
    if (allow) {
      Optional<URI> back = authorize.approve(pending.get());
      if (back.isEmpty()) {
        expired(ctx);
        return;
      }
      redirect(ctx, back.get());
    } else {
      redirect(ctx, authorize.deny(pending.get()));
    }
  }

  private Handler page(Handler h) {
    return ctx -> {
      ctx.header("Content-Security-Policy", Pages.CONTENT_SECURITY_POLICY)
          .header("X-Frame-Options", "DENY")
          .header("X-Content-Type-Options", "nosniff")
          // Not no-referrer: with it a browser sends "Origin: null" on the login and consent
          // form posts, and the gateway's origin check refuses them. same-origin still sends no
          // Referer (the authorize URL) to the client's redirect target or anywhere else.
          .header("Referrer-Policy", "same-origin")
          .header("Cache-Control", "no-store");
      h.handle(ctx);
    };
  }

  /** The pending request a form names, if the cookie and the CSRF token both match. */
  private Optional<Stored<PendingAuthorization>> pendingFromForm(Context ctx) {
    String id = ctx.formParam("request");
    String csrf = ctx.formParam("csrf");
    return authorize
        .pending(id, browserCookie(ctx, id))
        .filter(p -> Ids.same(p.value().csrf(), csrf));
  }

  private String loginPage(String id, PendingAuthorization r, String username, String error) {
    return Pages.login(
        id,
        r.csrf(),
        r.clientName(),
        localUsers != null && !localUsers.isEmpty(),
        upstream == null ? null : upstream.displayName(),
        username,
        error);
  }

  private void expired(Context ctx) {
    html(
        ctx,
        400,
        Pages.error(
            "This sign-in has expired",
            "The sign-in request is unknown, expired, or was started in another browser."));
  }

  private URI callbackUri() {
    return URI.create(settings.issuer() + "/oauth/callback");
  }

  static String cookieName(String requestId) {
    return "mcp_oauth_"
        + (requestId == null ? "" : requestId.substring(0, Math.min(12, requestId.length())));
  }

  private String cookie(String requestId, String value) {
    return cookieName(requestId)
        + "="
        + value
        + "; Path=/oauth; Max-Age="
        + settings.requestTtl().toSeconds()
        + "; HttpOnly; SameSite=Lax"
        + (settings.secureCookies() ? "; Secure" : "");
  }

  private void clearCookie(Context ctx, String requestId) {
    ctx.header(
        "Set-Cookie",
        cookieName(requestId)
            + "=; Path=/oauth; Max-Age=0; HttpOnly; SameSite=Lax"
            + (settings.secureCookies() ? "; Secure" : ""));
  }

  private static String browserCookie(Context ctx, String requestId) {
    return requestId == null ? null : ctx.cookie(cookieName(requestId));
  }

  private static void html(Context ctx, int status, String body) {
    ctx.status(status).contentType("text/html; charset=utf-8").result(body);
  }

  private static void redirect(Context ctx, URI location) {
    ctx.status(303).header("Location", location.toString());
  }

  private static void seeOther(Context ctx, String path) {
    ctx.status(303).header("Location", path);
  }
}
