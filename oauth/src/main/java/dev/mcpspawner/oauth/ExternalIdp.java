package dev.mcpspawner.oauth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.mcpspawner.oauth.metadata.GatewayResource;
import dev.mcpspawner.oauth.metadata.ProtectedResourceMetadata;
import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import dev.mcpspawner.oauth.verify.RevocationCheck;
import dev.mcpspawner.oauth.web.ProtectedResourceRoutes;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * External-IdP mode: the gateway is only a resource server for tokens the organisation's IdP
 * (Keycloak, Okta, Entra ID, …) issues. Its JWKS is found by discovery; issuer, audience and the
 * claims that carry the user, groups and client are configured. The protected-resource metadata
 * sends clients to that IdP.
 */
public final class ExternalIdp {
  /**
   * @param issuer the IdP's issuer (discovery: {@code /.well-known/openid-configuration}, else
   *     {@code /.well-known/oauth-authorization-server})
   * @param audience the {@code aud} the IdP puts in tokens for the gateway (null: the gateway's
   *     public URL or one of its {@code /mcp/<server>} URLs)
   * @param userClaim claim holding the user id (default {@code sub})
   * @param groupsClaim claim holding groups (default {@code groups})
   * @param clientIdClaim claim holding the client id (default {@code azp}, then {@code client_id})
   * @param scope scope every MCP request needs, or null for none
   */
  public record Settings(
      String publicUrl,
      String issuer,
      String audience,
      String userClaim,
      String groupsClaim,
      String clientIdClaim,
      String scope) {
    public Settings {
      Objects.requireNonNull(publicUrl, "publicUrl");
      Objects.requireNonNull(issuer, "issuer");
      userClaim = userClaim == null ? "sub" : userClaim;
      groupsClaim = groupsClaim == null ? "groups" : groupsClaim;
    }
  }

  private final Settings settings;
  private final GatewayResource resource;
  private final URL jwksUri;
  private final String issuer;

  /** Runs discovery at once: a wrong issuer fails the start, not the first request. */
  public ExternalIdp(Settings settings) {
    this.settings = settings;
    this.resource = new GatewayResource(settings.publicUrl());
    try {
      Issuer iss = new Issuer(settings.issuer());
      URI jwks;
      String discovered;
      try {
        OIDCProviderMetadata oidc = OIDCProviderMetadata.resolve(iss, 5000, 5000);
        jwks = oidc.getJWKSetURI();
        discovered = oidc.getIssuer().getValue();
      } catch (Exception notOidc) {
        AuthorizationServerMetadata as = AuthorizationServerMetadata.resolve(iss, 5000, 5000);
        jwks = as.getJWKSetURI();
        discovered = as.getIssuer().getValue();
      }
      if (jwks == null) {
        throw new IllegalStateException(settings.issuer() + " publishes no jwks_uri");
      }
      this.jwksUri = jwks.toURL();
      this.issuer = discovered;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("discovery of " + settings.issuer() + " failed", e);
    }
  }

  public void register(RoutesConfig routes) {
    new ProtectedResourceRoutes(
            new ProtectedResourceMetadata(
                resource, issuer, settings.scope() == null ? List.of() : List.of(settings.scope())))
        .register(routes);
  }

  public AccessTokenVerifier verifier(RevocationCheck revocation, Clock clock) {
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwksUri).retrying(true).build();
    List<String> clientClaims =
        settings.clientIdClaim() == null
            ? List.of("azp", "client_id")
            : List.of(settings.clientIdClaim());
    return new AccessTokenVerifier(
        new AccessTokenVerifier.Settings(
            issuer,
            resource,
            settings.audience() == null ? Set.of() : Set.of(settings.audience()),
            AccessTokenVerifier.ASYMMETRIC,
            null,
            settings.userClaim(),
            settings.groupsClaim(),
            clientClaims,
            Duration.ofSeconds(60)),
        keys,
        revocation == null ? RevocationCheck.NONE : revocation,
        clock);
  }
}
