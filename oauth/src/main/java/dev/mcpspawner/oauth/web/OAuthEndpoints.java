package dev.mcpspawner.oauth.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.oauth.OAuthAudit;
import dev.mcpspawner.oauth.OAuthError;
import dev.mcpspawner.oauth.OAuthSettings;
import dev.mcpspawner.oauth.client.ClientMetadataException;
import dev.mcpspawner.oauth.client.DynamicRegistrations;
import dev.mcpspawner.oauth.client.RegistrationRefusedException;
import dev.mcpspawner.oauth.metadata.AuthorizationServerMetadata;
import dev.mcpspawner.oauth.server.SigningKeys;
import dev.mcpspawner.oauth.server.TokenEndpoint;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in authorization server's JSON side, for clients: metadata, JWKS, dynamic client
 * registration, token and revoke, with CORS for browser-based clients. Handlers only translate
 * HTTP; the decisions are {@link TokenEndpoint}'s and {@link DynamicRegistrations}'. OAuth errors
 * become HTTP here, and only here.
 */
final class OAuthEndpoints {
  private final OAuthSettings settings;
  private final TokenEndpoint tokens;
  private final DynamicRegistrations registrations;
  private final SigningKeys keys;
  private final OAuthAudit audit;
  private final ObjectMapper json = new ObjectMapper();

  OAuthEndpoints(
      OAuthSettings settings,
      TokenEndpoint tokens,
      DynamicRegistrations registrations,
      SigningKeys keys,
      OAuthAudit audit) {
    this.settings = settings;
    this.tokens = tokens;
    this.registrations = registrations;
    this.keys = keys;
    this.audit = audit;
  }

  void register(RoutesConfig routes) {
    routes.get(
        "/.well-known/oauth-authorization-server",
        ctx -> {
          ctx.header("Access-Control-Allow-Origin", "*")
              .header("Cache-Control", "public, max-age=300");
          sendJson(ctx, 200, AuthorizationServerMetadata.of(settings));
        });
    routes.get(
        "/oauth/jwks",
        ctx -> {
          keys.refreshIfOlderThan(java.time.Duration.ofMinutes(1));
          ctx.header("Access-Control-Allow-Origin", "*")
              .header("Cache-Control", "public, max-age=300")
              .contentType("application/jwk-set+json")
              .result(keys.publicKeys().toString());
        });
    for (String path : List.of("/oauth/register", "/oauth/token", "/oauth/revoke")) {
      routes.options(path, OAuthEndpoints::preflight);
    }
    routes.post("/oauth/register", api(this::registerClient));
    routes.post("/oauth/token", api(this::token));
    routes.post("/oauth/revoke", api(this::revoke));
  }

  private void registerClient(Context ctx) throws Exception {
    JsonNode body;
    try {
      body = json.readTree(ctx.body());
    } catch (Exception e) {
      throw new OAuthError("invalid_client_metadata", "the body must be JSON");
    }
    try {
      Map<String, Object> registered = registrations.register(body);
      audit.record(
          "oauth_client_registered",
          null,
          (String) registered.get("client_id"),
          OAuthAudit.fields(
              "client_name", registered.get("client_name"),
              "redirect_uris", registered.get("redirect_uris"),
              "remote", ctx.ip()));
      sendJson(ctx, 201, registered);
    } catch (RegistrationRefusedException e) {
      throw new OAuthError("temporarily_unavailable", e.getMessage(), 503);
    } catch (ClientMetadataException e) {
      String error =
          e.getMessage().contains("redirect") ? "invalid_redirect_uri" : "invalid_client_metadata";
      throw new OAuthError(error, e.getMessage());
    }
  }

  private void token(Context ctx) throws Exception {
    sendJson(ctx, 200, tokens.token(form(ctx), ctx.header("Authorization")));
  }

  private void revoke(Context ctx) {
    tokens.revoke(form(ctx), ctx.header("Authorization"));
    ctx.status(200).result("");
  }

  private Handler api(Handler h) {
    return ctx -> {
      ctx.header("Access-Control-Allow-Origin", "*").header("Cache-Control", "no-store");
      try {
        h.handle(ctx);
      } catch (OAuthError e) {
        if (e.status() == 401) {
          ctx.header("WWW-Authenticate", "Basic realm=\"mcp-spawner\"");
        }
        Map<String, Object> body = new HashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.getMessage());
        sendJson(ctx, e.status(), body);
      }
    };
  }

  private static void preflight(Context ctx) {
    ctx.header("Access-Control-Allow-Origin", "*")
        .header("Access-Control-Allow-Methods", "POST, OPTIONS")
        .header("Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version")
        .header("Access-Control-Max-Age", "600")
        .status(204);
  }

  /** The form's parameters; a repeated one is an invalid_request (RFC 6749 §3.1). */
  static Map<String, String> form(Context ctx) {
    Map<String, String> form = new HashMap<>();
    ctx.formParamMap()
        .forEach(
            (k, v) -> {
              if (v.size() > 1) {
                throw OAuthError.invalidRequest("parameter " + k + " is repeated");
              }
              form.put(k, v.get(0));
            });
    return form;
  }

  private void sendJson(Context ctx, int status, Object body) throws Exception {
    ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
  }
}
