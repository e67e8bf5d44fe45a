package dev.mcpspawner.oauth.server;

import dev.mcpspawner.oauth.OAuthAudit;
import dev.mcpspawner.oauth.OAuthError;
import dev.mcpspawner.oauth.login.UserIdentity;
import dev.mcpspawner.oauth.store.Ids;
import dev.mcpspawner.oauth.store.OAuthStore;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Refresh-token families. A refresh token is {@code <grant id>.<secret>}; the grant stores only
 * hashes. Rotation is a conditional replace, so two replicas can never both accept one token.
 * Revoked grants stay (marked) until every access token they produced has expired; an informer
 * keeps every replica's view of them current without an API call per request.
 */
public final class Grants implements AutoCloseable {
  static final String KIND = "grant";

  /** A new or rotated refresh token, with its grant. */
  public record Issued(String grantId, Grant grant, String refreshToken) {}

  private final OAuthStore store;
  private final Clock clock;
  private final Duration refreshTtl;
  private final Duration accessTtl;
  private final OAuthAudit audit;
  private final Function<String, Optional<Instant>> tokensNotBefore;
  private volatile SharedIndexInformer<Secret> informer;
  // Grants this replica revoked, until its informer has seen the change (it lags by the watch).
  private final Map<String, Instant> revokedHere = new ConcurrentHashMap<>();

  public Grants(
      OAuthStore store, Clock clock, Duration refreshTtl, Duration accessTtl, OAuthAudit audit) {
    this(store, clock, refreshTtl, accessTtl, audit, user -> Optional.empty());
  }

  /**
   * @param tokensNotBefore per user, the instant before which their grants are void ({@code
   *     McpUser.tokensNotBefore}): a refresh of an older grant revokes it
   */
  public Grants(
      OAuthStore store,
      Clock clock,
      Duration refreshTtl,
      Duration accessTtl,
      OAuthAudit audit,
      Function<String, Optional<Instant>> tokensNotBefore) {
    this.tokensNotBefore = tokensNotBefore;
    this.store = store;
    this.clock = clock;
    this.refreshTtl = refreshTtl;
    this.accessTtl = accessTtl;
    this.audit = audit;
  }

  /** Starts watching grants so {@link #isRevoked} answers from memory. */
  public Grants watch() {
    informer =
        store
            .client()
            .secrets()
            .inNamespace(store.namespace())
            .withLabel(OAuthStore.LABEL_KIND, KIND)
            .inform();
    return this;
  }

  public Issued create(String clientId, UserIdentity user, String scope, String resource) {
    String id = Ids.id();
    String secret = Ids.secret();
    Grant grant =
        new Grant(
            clientId, user, scope, resource, Ids.hash(secret), List.of(), false, clock.instant());
    store.create(KIND, id, grant, clock.instant().plus(refreshTtl));
    return new Issued(id, grant, id + "." + secret);
  }

  /**
   * Exchanges a refresh token for the next one. A token that was current before means it was stolen
   * or replayed: the family is revoked and the answer is {@code invalid_grant}.
   */
  public Issued rotate(String refreshToken, String clientId) {
    String[] parts = split(refreshToken);
    String hash = Ids.hash(parts[1]);
    for (int attempt = 0; attempt < 3; attempt++) {
      OAuthStore.Stored<Grant> stored =
          store
              .get(KIND, parts[0], Grant.class)
              .orElseThrow(() -> OAuthError.invalidGrant("unknown refresh token"));
      Grant grant = stored.value();
      if (!grant.clientId().equals(clientId)) {
        throw OAuthError.invalidGrant("refresh token was issued to another client");
      }
      if (grant.revoked()) {
        throw OAuthError.invalidGrant("refresh token revoked");
      }
      Optional<Instant> cutoff = tokensNotBefore.apply(grant.user().userId());
      if (cutoff.isPresent() && grant.createdAt().isBefore(cutoff.get())) {
        throw revokeAndRefuse(
            parts[0],
            grant,
            clientId,
            "oauth_refresh_revoked",
            "grant older than tokensNotBefore",
            "refresh token revoked: sign in again");
      }
      if (grant.previousHashes().contains(hash)) {
        throw revokeAndRefuse(
            parts[0],
            grant,
            clientId,
            "oauth_refresh_reuse",
            "grant revoked",
            "refresh token reused: the whole grant is revoked");
      }
      if (!Ids.same(grant.refreshHash(), hash)) {
        throw OAuthError.invalidGrant("unknown refresh token");
      }
      String secret = Ids.secret();
      Grant next = grant.rotatedTo(Ids.hash(secret));
      if (store.replace(stored, next, clock.instant().plus(refreshTtl))) {
        return new Issued(parts[0], next, parts[0] + "." + secret);
      }
      // Someone else rotated it at the same moment: read again; this token is now an old one.
    }
    throw OAuthError.invalidGrant("refresh token is being used concurrently");
  }

  /**
   * A refresh that ends its whole grant: the grant is revoked, {@code event} audited with what was
   * done ({@code action}), and the client gets {@code invalid_grant} saying {@code why}.
   */
  private OAuthError revokeAndRefuse(
      String grantId, Grant grant, String clientId, String event, String action, String why) {
    revoke(grantId);
    audit.record(
        event,
        grant.user().userId(),
        clientId,
        OAuthAudit.fields("grant", grantId, "action", action));
    return OAuthError.invalidGrant(why);
  }

  /** Revokes a grant (idempotent); its access tokens are refused from now on. */
  public void revoke(String grantId) {
    if (grantId == null || !grantId.matches("[0-9a-f]{40}")) {
      return;
    }
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<OAuthStore.Stored<Grant>> stored = store.get(KIND, grantId, Grant.class);
      if (stored.isEmpty() || stored.get().value().revoked()) {
        return;
      }
      // Kept until the last access token from it has expired, then swept.
      Instant until = clock.instant().plus(accessTtl).plusSeconds(120);
      if (store.replace(stored.get(), stored.get().value().revokedNow(), until)) {
        revokedHere.put(grantId, until);
        revokedHere.values().removeIf(t -> t.isBefore(clock.instant()));
        return;
      }
    }
  }

  /** The grant id of a refresh token, if it has the shape of one. */
  public static Optional<String> grantIdOf(String refreshToken) {
    try {
      return Optional.of(split(refreshToken)[0]);
    } catch (OAuthError e) {
      return Optional.empty();
    }
  }

  /** Whether the grant's tokens must be refused. */
  public boolean isRevoked(String grantId) {
    if (grantId == null) {
      return false;
    }
    if (revokedHere.containsKey(grantId)) {
      return true;
    }
    SharedIndexInformer<Secret> inf = informer;
    if (inf != null && inf.hasSynced()) {
      Secret s = inf.getStore().getByKey(store.namespace() + "/" + OAuthStore.name(KIND, grantId));
      return s != null && store.decode(s, Grant.class).revoked();
    }
    return store.get(KIND, grantId, Grant.class).map(g -> g.value().revoked()).orElse(false);
  }

  private static String[] split(String refreshToken) {
    if (refreshToken == null || refreshToken.length() > 200) {
      throw OAuthError.invalidGrant("malformed refresh token");
    }
    String[] parts = refreshToken.split("\\.", 2);
    if (parts.length != 2 || !parts[0].matches("[0-9a-f]{40}")) {
      throw OAuthError.invalidGrant("malformed refresh token");
    }
    return parts;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
