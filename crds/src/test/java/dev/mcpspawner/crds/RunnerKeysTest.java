package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.contracts.RunnerContract;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RunnerKeysTest {
  static final byte[] KEY = new byte[32];
  static final byte[] OTHER_KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
    Arrays.fill(OTHER_KEY, (byte) 8);
  }

  static ObjectMeta session(String name, String uid) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace("sessions")
        .withUid(uid)
        .withCreationTimestamp("2026-12-03T10:00:00Z")
        .build();
  }

  @Test
  void aTokenDependsOnTheKeyAndOnWhichSessionItIs() {
    String token = RunnerKeys.token(KEY, session("mcp-a", "uid-1"));
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(RunnerKeys.token(KEY, session("mcp-a", "uid-1"))).isEqualTo(token);
    // The same name created again is another session with another token.
    assertThat(RunnerKeys.token(KEY, session("mcp-a", "uid-2"))).isNotEqualTo(token);
    assertThat(RunnerKeys.token(OTHER_KEY, session("mcp-a", "uid-1"))).isNotEqualTo(token);
  }

  @Test
  void withoutAUidTheCreationTimeTellsSessionsApart() {
    ObjectMeta first = session("mcp-a", null);
    ObjectMeta again = session("mcp-a", null);
    again.setCreationTimestamp("2026-12-03T10:05:00Z");
    assertThat(RunnerKeys.token(KEY, first)).isNotEqualTo(RunnerKeys.token(KEY, again));
    ObjectMeta nothing = new ObjectMetaBuilder().withName("mcp-a").build();
    assertThatThrownBy(() -> RunnerKeys.token(KEY, nothing))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aShortOrMissingKeyIsRefused() {
    assertThatThrownBy(() -> RunnerKeys.token(new byte[16], session("mcp-a", "u")))
        .isInstanceOf(IllegalArgumentException.class);
    var empty = new SecretBuilder().withNewMetadata().withName("k").endMetadata().build();
    assertThatThrownBy(() -> RunnerKeys.key(empty)).isInstanceOf(IllegalStateException.class);
    var shortKey =
        new SecretBuilder()
            .addToData(RunnerContract.KEY_KEY, Base64.getEncoder().encodeToString(new byte[8]))
            .build();
    assertThatThrownBy(() -> RunnerKeys.key(shortKey))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("AAAA");
    var good =
        new SecretBuilder()
            .addToData(RunnerContract.KEY_KEY, Base64.getEncoder().encodeToString(KEY))
            .build();
    assertThat(RunnerKeys.key(good)).isEqualTo(KEY);
  }
}
