package dev.mcpspawner.oauth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mcpspawner.oauth.store.Ids;
import dev.mcpspawner.oauth.store.OAuthStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The ES256 keys access tokens are signed with, kept in one Secret shared by all replicas. The
 * first replica to start generates a key; {@link #rotateIfDue} adds a new key that becomes the
 * signing key only after {@code activationDelay}, so every replica publishes it before any token
 * carries it, and retires a key only when no token it signed can still be valid.
 */
public final class SigningKeys {
  static final String KIND = "keys";
  static final String ID = "signing";

  /** One key in the Secret: its private JWK and when it was made and starts signing. */
  public record StoredKey(String jwk, Instant createdAt, Instant activeFrom) {}

  /** The Secret's content. */
  public record KeySet(List<StoredKey> keys) {}

  private final OAuthStore store;
  private final Clock clock;
  private final Duration rotation;
  private final Duration activationDelay;
  private final Duration retention;
  private volatile List<Parsed> keys = List.of();
  private volatile Instant loadedAt = Instant.EPOCH;

  private record Parsed(ECKey key, Instant createdAt, Instant activeFrom) {}

  /**
   * @param rotation age after which a new key is made
   * @param activationDelay how long a new key is only published before it signs (at least the
   *     verifiers' refresh interval)
   * @param tokenTtl the access-token lifetime: a retired key stays published that much longer
   */
  public SigningKeys(
      OAuthStore store,
      Clock clock,
      Duration rotation,
      Duration activationDelay,
      Duration tokenTtl) {
    this.store = store;
    this.clock = clock;
    this.rotation = rotation;
    this.activationDelay = activationDelay;
    this.retention = rotation.plus(activationDelay).plus(tokenTtl);
  }

  /** Loads the keys, generating the first one if there is none yet. */
  public synchronized SigningKeys load() {
    Optional<OAuthStore.Stored<KeySet>> stored = store.get(KIND, ID, KeySet.class);
    if (stored.isEmpty()) {
      Instant now = clock.instant();
      KeySet first = new KeySet(List.of(newKey(now, now)));
      if (!store.create(KIND, ID, first, null)) {
        stored = store.get(KIND, ID, KeySet.class); // another replica was first
      } else {
        stored = store.get(KIND, ID, KeySet.class);
      }
    }
    keys = parse(stored.orElseThrow().value());
    loadedAt = clock.instant();
    return this;
  }

  /** Re-reads the Secret when the copy in memory is older than {@code maxAge}. */
  public void refreshIfOlderThan(Duration maxAge) {
    if (loadedAt.plus(maxAge).isBefore(clock.instant())) {
      load();
    }
  }

  /** Adds a key when the newest is older than the rotation period and drops expired ones. */
  public synchronized boolean rotateIfDue() {
    for (int attempt = 0; attempt < 3; attempt++) {
      OAuthStore.Stored<KeySet> stored = store.get(KIND, ID, KeySet.class).orElseThrow();
      Instant now = clock.instant();
      List<StoredKey> current = new ArrayList<>(stored.value().keys());
      Instant newest =
          current.stream().map(StoredKey::createdAt).max(Comparator.naturalOrder()).orElseThrow();
      if (newest.plus(rotation).isAfter(now)) {
        keys = parse(stored.value());
        return false;
      }
      current.removeIf(k -> k.createdAt().plus(retention).isBefore(now));
      current.add(newKey(now, now.plus(activationDelay)));
      if (store.replace(stored, new KeySet(current), null)) {
        load();
        return true;
      }
    }
    load();
    return false;
  }

  /** The key tokens are signed with now: the newest active one. */
  public ECKey signingKey() {
    Instant now = clock.instant();
    return keys.stream()
        .filter(k -> !k.activeFrom().isAfter(now))
        .max(Comparator.comparing(Parsed::createdAt))
        .orElseThrow(() -> new IllegalStateException("no active signing key"))
        .key();
  }

  /** The public keys, for {@code /oauth/jwks} and the verifier. */
  public JWKSet publicKeys() {
    return new JWKSet(
        keys.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.key().toPublicJWK()).toList());
  }

  private static StoredKey newKey(Instant now, Instant activeFrom) {
    try {
      ECKey key =
          new ECKeyGenerator(Curve.P_256)
              .keyID(Ids.id().substring(0, 16))
              .algorithm(JWSAlgorithm.ES256)
              .keyUse(KeyUse.SIGNATURE)
              .generate();
      return new StoredKey(key.toJSONString(), now, activeFrom);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Parsed> parse(KeySet set) {
    List<Parsed> out = new ArrayList<>();
    for (StoredKey k : set.keys()) {
      try {
        out.add(new Parsed(ECKey.parse(k.jwk()), k.createdAt(), k.activeFrom()));
      } catch (ParseException e) {
        throw new IllegalStateException("unreadable signing key in the keys Secret", e);
      }
    }
    return List.copyOf(out);
  }
}
