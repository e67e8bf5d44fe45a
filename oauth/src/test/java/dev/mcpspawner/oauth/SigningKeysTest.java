package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.oauth.server.SigningKeys;
import dev.mcpspawner.oauth.store.OAuthStore;
import dev.mcpspawner.oauth.testing.TestingApi;
import dev.mcpspawner.testing.HandClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing keys: one Secret, generated once, rotated with an overlap; the store's locking. */
class SigningKeysTest {
  static TestingApi api;

  @BeforeAll
  static void start() {
    api = new TestingApi();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void replicasShareTheKeyGeneratedByTheFirstAndRotationKeepsTheOldKeyPublished() {
    HandClock clock = new HandClock();
    OAuthStore store = new OAuthStore(api.client(), "keys-ns", clock);
    Duration rotation = Duration.ofDays(30);
    Duration activation = Duration.ofMinutes(5);
    SigningKeys first =
        new SigningKeys(store, clock, rotation, activation, Duration.ofHours(1)).load();
    SigningKeys second =
        new SigningKeys(store, clock, rotation, activation, Duration.ofHours(1)).load();
    String original = first.signingKey().getKeyID();
    assertThat(second.signingKey().getKeyID()).isEqualTo(original);
    assertThat(first.rotateIfDue()).isFalse();

    clock.advance(rotation.plusSeconds(1));
    assertThat(first.rotateIfDue()).isTrue();
    // Published at once, signing only after the activation delay.
    assertThat(first.publicKeys().getKeys()).hasSize(2);
    assertThat(first.signingKey().getKeyID()).isEqualTo(original);
    clock.advance(activation);
    second.load();
    assertThat(second.signingKey().getKeyID()).isNotEqualTo(original);
    assertThat(second.publicKeys().getKeyByKeyId(original)).isNotNull();

    // One more rotation later the first key is gone: no token it signed can still be valid.
    clock.advance(rotation.plusSeconds(1));
    first.rotateIfDue();
    clock.advance(Duration.ofHours(2));
    first.rotateIfDue();
    assertThat(first.publicKeys().getKeyByKeyId(original)).isNull();
  }

  record Counter(int n) {}

  @Test
  void aReplaceBasedOnAStaleReadFails() {
    OAuthStore store = new OAuthStore(api.client(), "lock-ns", new HandClock());
    store.create("test", "abc", new Counter(0), null);
    OAuthStore.Stored<Counter> a = store.get("test", "abc", Counter.class).orElseThrow();
    OAuthStore.Stored<Counter> b = store.get("test", "abc", Counter.class).orElseThrow();
    assertThat(store.replace(a, new Counter(1), null)).isTrue();
    assertThat(store.replace(b, new Counter(2), null)).isFalse();
    assertThat(store.get("test", "abc", Counter.class).orElseThrow().value().n()).isEqualTo(1);
  }
}
