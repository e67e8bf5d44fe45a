package dev.mcpspawner.oauth.server;

import com.nimbusds.jwt.SignedJWT;
import dev.mcpspawner.oauth.OAuthAudit;
import dev.mcpspawner.oauth.OAuthError;
import dev.mcpspawner.oauth.client.ClientMetadataException;
import dev.mcpspawner.oauth.client.ClientRegistration;
import dev.mcpspawner.oauth.client.ClientRegistry;
import dev.mcpspawner.oauth.metadata.GatewayResource;
import dev.mcpspawner.oauth.store.Ids;
import dev.mcpspawner.oauth.store.OAuthStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The logic of {@code /oauth/token} and {@code /oauth/revoke}: client authentication, the
 * authorization-code grant with PKCE and resource binding, refresh with rotation, revocation.
 */
public final class TokenEndpoint {
  private final ClientRegistry clients;
  private final OAuthStore store;
  private final Grants grants;
  private final TokenIssuer issuer;
  private final GatewayResource resources;
  private final Clock clock;
  private final OAuthAudit audit;

  public TokenEndpoint(
      ClientRegistry clients,
      OAuthStore store,
      Grants grants,
      TokenIssuer issuer,
      GatewayResource resources,
      Clock clock,
      OAuthAudit audit) {
    this.audit = audit;
    this.clients = clients;
    this.store = store;
    this.grants = grants;
    this.issuer = issuer;
    this.resources = resources;
    this.clock = clock;
  }

  /** Answers a token request (form parameters plus the Authorization header, may be null). */
  public Map<String, Object> token(Map<String, String> form, String authorization) {
    ClientRegistration client = authenticateClient(form, authorization);
    String grantType = form.get("grant_type");
    if ("authorization_code".equals(grantType)) {
      return exchangeCode(client, form);
    }
    if ("refresh_token".equals(grantType)) {
      return refresh(client, form);
    }
    throw new OAuthError(
        "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
  }

  private Map<String, Object> exchangeCode(ClientRegistration client, Map<String, String> form) {
    String code = form.get("code");
    if (code == null || code.length() > 100) {
      throw OAuthError.invalidRequest("code is required");
    }
    String id = Ids.hash(code);
    OAuthStore.Stored<CodeRecord> stored =
        store
            .get(AuthorizationEndpoint.KIND_CODE, id, CodeRecord.class)
            .orElseThrow(() -> OAuthError.invalidGrant("unknown or expired code"));
    CodeRecord record = stored.value();
    if (record.used()) {
      // A code seen twice was stolen or replayed: whatever it produced is revoked (RFC 6749
      // §4.1.2).
      grants.revoke(record.grantId());
      audit.record(
          "oauth_code_replay",
          record.user().userId(),
          client.clientId(),
          OAuthAudit.fields("grant", record.grantId(), "action", "grant revoked"));
      throw OAuthError.invalidGrant("code already used; the tokens issued from it are revoked");
    }
    if (!record.expiresAt().isAfter(clock.instant())) {
      throw OAuthError.invalidGrant("code expired");
    }
    if (!record.clientId().equals(client.clientId())) {
      throw OAuthError.invalidGrant("code was issued to another client");
    }
    if (!record.redirectUri().equals(form.get("redirect_uri"))) {
      throw OAuthError.invalidGrant("redirect_uri differs from the authorization request");
    }
    if (!Pkce.verifies(form.get("code_verifier"), record.codeChallenge())) {
      throw OAuthError.invalidGrant("PKCE verification failed");
    }
    String resource = boundResource(form.get("resource"), record.resource());
    Grants.Issued issued =
        grants.create(client.clientId(), record.user(), record.scope(), resource);
    if (!store.replace(stored, record.usedFor(issued.grantId()), null)) {
      // Another request consumed the code first: this one is the replay.
      grants.revoke(issued.grantId());
      store
          .get(AuthorizationEndpoint.KIND_CODE, id, CodeRecord.class)
          .ifPresent(s -> grants.revoke(s.value().grantId()));
      throw OAuthError.invalidGrant("code already used; the tokens issued from it are revoked");
    }
    audit.record(
        "oauth_token_issued",
        record.user().userId(),
        client.clientId(),
        OAuthAudit.fields(
            "grant_type", "authorization_code", "grant", issued.grantId(), "resource", resource));
    return response(issued);
  }

  private Map<String, Object> refresh(ClientRegistration client, Map<String, String> form) {
    String token = form.get("refresh_token");
    if (token == null) {
      throw OAuthError.invalidRequest("refresh_token is required");
    }
    Grants.Issued issued = grants.rotate(token, client.clientId());
    boundResource(form.get("resource"), issued.grant().resource());
    String scope = form.get("scope");
    if (scope != null && !scope.isBlank()) {
      for (String s : scope.trim().split("\\s+")) {
        if (!(" " + issued.grant().scope() + " ").contains(" " + s + " ")) {
          throw new OAuthError("invalid_scope", "refresh may not widen the scope");
        }
      }
    }
    audit.record(
        "oauth_token_issued",
        issued.grant().user().userId(),
        client.clientId(),
        OAuthAudit.fields("grant_type", "refresh_token", "grant", issued.grantId()));
    return response(issued);
  }

  /** RFC 7009: always 200 for a token that is unknown; revoking either token ends the grant. */
  public void revoke(Map<String, String> form, String authorization) {
    ClientRegistration client = authenticateClient(form, authorization);
    String token = form.get("token");
    if (token == null) {
      throw OAuthError.invalidRequest("token is required");
    }
    Optional<String> grantId = Grants.grantIdOf(token);
    if (grantId.isEmpty()) {
      grantId = grantOfAccessToken(token);
    }
    grantId.ifPresent(
        id ->
            store
                .get(Grants.KIND, id, Grant.class)
                .filter(g -> g.value().clientId().equals(client.clientId()))
                .ifPresent(
                    g -> {
                      grants.revoke(id);
                      audit.record(
                          "oauth_revoked",
                          g.value().user().userId(),
                          client.clientId(),
                          OAuthAudit.fields("grant", id));
                    }));
  }

  /**
   * The grant an access token names. The signature is not checked: a forged token can only name a
   * grant, and the grant must belong to the authenticated client to be revoked.
   */
  private static Optional<String> grantOfAccessToken(String token) {
    try {
      Object g = SignedJWT.parse(token).getJWTClaimsSet().getClaim(TokenIssuer.CLAIM_GRANT);
      return g instanceof String s ? Optional.of(s) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private String boundResource(String requested, String bound) {
    if (requested == null || requested.isBlank()) {
      return bound;
    }
    String canonical =
        resources
            .canonical(requested)
            .orElseThrow(() -> new OAuthError("invalid_target", "resource is not this gateway"));
    if (!canonical.equals(bound)) {
      throw new OAuthError("invalid_target", "resource differs from the one authorized");
    }
    return bound;
  }

  private Map<String, Object> response(Grants.Issued issued) {
    Grant g = issued.grant();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "access_token",
        issuer.mint(g.user(), g.clientId(), g.scope(), g.resource(), issued.grantId()));
    body.put("token_type", "Bearer");
    body.put("expires_in", issuer.ttl().toSeconds());
    body.put("refresh_token", issued.refreshToken());
    body.put("scope", g.scope());
    return body;
  }

  /** Public clients name themselves; confidential ones prove it with basic or post secrets. */
  ClientRegistration authenticateClient(Map<String, String> form, String authorization) {
    String clientId = form.get("client_id");
    String secret = form.get("client_secret");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new OAuthError("invalid_client", "malformed Basic credentials");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new OAuthError("invalid_client", "malformed Basic credentials");
      }
      String basicId = urlDecode(decoded.substring(0, colon));
      if (clientId != null && !clientId.equals(basicId)) {
        throw new OAuthError("invalid_client", "client_id differs from the Basic credentials");
      }
      clientId = basicId;
      secret = urlDecode(decoded.substring(colon + 1));
    }
    if (secret != null && secret.isEmpty()) {
      secret = null;
    }
    if (clientId == null) {
      throw new OAuthError("invalid_client", "client_id is required");
    }
    ClientRegistration client;
    try {
      client =
          clients
              .find(clientId)
              .orElseThrow(() -> new OAuthError("invalid_client", "unknown client"));
    } catch (ClientMetadataException e) {
      throw new OAuthError("invalid_client", "client metadata unusable: " + e.getMessage());
    }
    if (!ClientRegistry.authenticates(client, secret)) {
      throw new OAuthError("invalid_client", "client authentication failed");
    }
    return client;
  }

  private static String urlDecode(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
