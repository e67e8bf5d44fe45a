package dev.mcpspawner.oauth.web;

import dev.mcpspawner.oauth.OAuthAudit;
import dev.mcpspawner.oauth.OAuthSettings;
import dev.mcpspawner.oauth.client.DynamicRegistrations;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.LoginThrottle;
import dev.mcpspawner.oauth.login.UpstreamOidc;
import dev.mcpspawner.oauth.server.AuthorizationEndpoint;
import dev.mcpspawner.oauth.server.SigningKeys;
import dev.mcpspawner.oauth.server.TokenEndpoint;
import io.javalin.config.RoutesConfig;

/**
 * The built-in authorization server's HTTP side: the JSON endpoints clients call ({@link
 * OAuthEndpoints}: metadata, registration, token, revoke, JWKS) and the pages a person sees ({@link
 * SignInPages}: authorize, sign-in, consent).
 */
public final class OAuthRoutes {
  private final OAuthEndpoints endpoints;
  private final SignInPages pages;

  /**
   * @param localUsers password users, or null/empty for none
   * @param upstream the upstream OIDC provider, or null for none
   */
  public OAuthRoutes(
      OAuthSettings settings,
      AuthorizationEndpoint authorize,
      TokenEndpoint tokens,
      DynamicRegistrations registrations,
      SigningKeys keys,
      LocalUsers localUsers,
      UpstreamOidc upstream,
      OAuthAudit audit,
      LoginThrottle throttle) {
    endpoints = new OAuthEndpoints(settings, tokens, registrations, keys, audit);
    pages = new SignInPages(settings, authorize, localUsers, upstream, audit, throttle);
  }

  public void register(RoutesConfig routes) {
    endpoints.register(routes);
    pages.register(routes);
  }
}
