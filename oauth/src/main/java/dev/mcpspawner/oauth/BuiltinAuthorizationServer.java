package dev.mcpspawner.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.mcpspawner.oauth.client.ClientMetadataDocuments;
import dev.mcpspawner.oauth.client.ClientRegistry;
import dev.mcpspawner.oauth.client.DynamicRegistrations;
import dev.mcpspawner.oauth.client.SafeFetcher;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.LoginThrottle;
import dev.mcpspawner.oauth.login.UpstreamOidc;
import dev.mcpspawner.oauth.metadata.GatewayResource;
import dev.mcpspawner.oauth.metadata.ProtectedResourceMetadata;
import dev.mcpspawner.oauth.server.AuthorizationEndpoint;
import dev.mcpspawner.oauth.server.Grants;
import dev.mcpspawner.oauth.server.SigningKeys;
import dev.mcpspawner.oauth.server.TokenEndpoint;
import dev.mcpspawner.oauth.server.TokenIssuer;
import dev.mcpspawner.oauth.store.OAuthStore;
import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import dev.mcpspawner.oauth.verify.RevocationCheck;
import dev.mcpspawner.oauth.web.OAuthRoutes;
import dev.mcpspawner.oauth.web.ProtectedResourceRoutes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.config.RoutesConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in authorization server, assembled: every object it needs, built from a Kubernetes
 * client (state lives in Secrets of {@code namespace}) and settings. Call {@link #start()}, mount
 * {@link #register(RoutesConfig)} in the Javalin app, and check tokens with {@link #verifier}.
 */
public final class BuiltinAuthorizationServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BuiltinAuthorizationServer.class);

  /** How long a key is only published before it signs: longer than the JWKS refresh below. */
  static final Duration KEY_ACTIVATION = Duration.ofMinutes(5);

  private final OAuthSettings settings;
  private final OAuthStore store;
  private final SigningKeys keys;
  private final Grants grants;
  private final OAuthRoutes routes;
  private final ProtectedResourceRoutes resourceRoutes;
  private final GatewayResource resource;
  private final Clock clock;
  private ScheduledExecutorService housekeeping;

  /**
   * @param localUsers password users (null or empty: none)
   * @param upstream federation to an OIDC provider (null: none)
   * @param fetcher fetches Client ID Metadata Documents (null: the SSRF-safe default)
   */
  public BuiltinAuthorizationServer(
      KubernetesClient client,
      String namespace,
      OAuthSettings settings,
      LocalUsers localUsers,
      UpstreamOidc upstream,
      SafeFetcher fetcher,
      Clock clock) {
    this(
        client,
        namespace,
        settings,
        localUsers,
        upstream,
        fetcher,
        clock,
        OAuthAudit.logger(),
        null);
  }

  /**
   * The same with the security events going to {@code audit} and per-user revocation: {@code
   * tokensNotBefore} says, per user id, before when their grants are void; refreshing an older one
   * fails and revokes it (null: no such cut-off). The access-token side of the same cut-off is the
   * verifier's {@code extra} check.
   */
  public BuiltinAuthorizationServer(
      KubernetesClient client,
      String namespace,
      OAuthSettings settings,
      LocalUsers localUsers,
      UpstreamOidc upstream,
      SafeFetcher fetcher,
      Clock clock,
      OAuthAudit audit,
      Function<String, Optional<Instant>> tokensNotBefore) {
    this.settings = settings;
    this.clock = clock;
    this.store = new OAuthStore(client, namespace, clock);
    this.resource = new GatewayResource(settings.publicUrl());
    this.keys =
        new SigningKeys(
            store, clock, settings.keyRotation(), KEY_ACTIVATION, settings.accessTokenTtl());
    this.grants =
        new Grants(
            store,
            clock,
            settings.refreshTokenTtl(),
            settings.accessTokenTtl(),
            audit,
            tokensNotBefore == null ? user -> Optional.empty() : tokensNotBefore);
    ClientMetadataDocuments documents =
        new ClientMetadataDocuments(
            fetcher != null
                ? fetcher
                : SafeFetcher.forClientMetadata(settings.allowLoopbackClientMetadata()),
            clock);
    DynamicRegistrations registrations = new DynamicRegistrations(store, clock);
    ClientRegistry clients = new ClientRegistry(documents, registrations);
    TokenIssuer issuer = new TokenIssuer(settings.issuer(), keys, clock, settings.accessTokenTtl());
    this.routes =
        new OAuthRoutes(
            settings,
            new AuthorizationEndpoint(settings, clients, store, clock),
            new TokenEndpoint(clients, store, grants, issuer, resource, clock, audit),
            registrations,
            keys,
            localUsers,
            upstream,
            audit,
            LoginThrottle.defaults(clock));
    this.resourceRoutes =
        new ProtectedResourceRoutes(
            new ProtectedResourceMetadata(
                resource, settings.issuer(), ProtectedResourceMetadata.defaultScopes()));
  }

  /** Loads (or makes) the signing keys, watches grants, and schedules rotation and clean-up. */
  public BuiltinAuthorizationServer start() {
    keys.load();
    keys.rotateIfDue();
    grants.watch();
    housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("oauth-housekeeping").factory());
    housekeeping.scheduleWithFixedDelay(this::housekeeping, 1, 10, TimeUnit.MINUTES);
    return this;
  }

  private void housekeeping() {
    try {
      keys.rotateIfDue();
      store.sweepExpired();
    } catch (RuntimeException e) {
      LOG.warn("OAuth housekeeping failed: {}", e.getMessage());
    }
  }

  public void register(RoutesConfig routesConfig) {
    resourceRoutes.register(routesConfig);
    routes.register(routesConfig);
  }

  /** A verifier for this server's tokens, with grant revocation plus {@code extra} checks. */
  public AccessTokenVerifier verifier(RevocationCheck extra) {
    JWKSource<SecurityContext> source =
        (selector, context) -> {
          keys.refreshIfOlderThan(Duration.ofMinutes(1));
          List<JWK> found = selector.select(keys.publicKeys());
          if (found.isEmpty()) {
            keys.refreshIfOlderThan(Duration.ofSeconds(5));
            found = selector.select(keys.publicKeys());
          }
          return found;
        };
    RevocationCheck revoked = token -> grants.isRevoked(token.grantId());
    return new AccessTokenVerifier(
        new AccessTokenVerifier.Settings(
            settings.issuer(),
            resource,
            Set.of(),
            Set.of(JWSAlgorithm.ES256),
            TokenIssuer.AT_JWT,
            "sub",
            "groups",
            List.of("client_id"),
            Duration.ofSeconds(30)),
        source,
        extra == null ? revoked : revoked.or(extra),
        clock);
  }

  public OAuthSettings settings() {
    return settings;
  }

  public SigningKeys keys() {
    return keys;
  }

  @Override
  public void close() {
    if (housekeeping != null) {
      housekeeping.shutdownNow();
    }
    grants.close();
  }
}
