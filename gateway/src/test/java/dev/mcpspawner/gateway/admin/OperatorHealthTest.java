package dev.mcpspawner.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The operator's health read from its Lease's spec, at the edges the API test does not reach. */
class OperatorHealthTest {
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  static LeaseSpec lease(String holder, Instant renewed, Integer seconds) {
    return new LeaseSpecBuilder()
        .withHolderIdentity(holder)
        .withRenewTime(renewed == null ? null : renewed.atZone(ZoneOffset.UTC))
        .withLeaseDurationSeconds(seconds)
        .build();
  }

  @Test
  void renewedWithinTheDurationIsHealthyAndJustPastItIsStale() {
    assertThat(OperatorHealth.of(lease("op-0", NOW.minusSeconds(15), 15), NOW).status())
        .isEqualTo(OperatorHealth.HEALTHY);
    OperatorHealth.Health stale = OperatorHealth.of(lease("op-0", NOW.minusSeconds(16), 15), NOW);
    assertThat(stale.status()).isEqualTo(OperatorHealth.STALE);
    assertThat(stale.reason()).isEqualTo("not renewed for 16s");
  }

  @Test
  void aLeaseNoReplicaHoldsIsStaleAndOneWithoutRenewTimeUnknown() {
    OperatorHealth.Health released = OperatorHealth.of(lease("", NOW, 15), NOW);
    assertThat(released.status()).isEqualTo(OperatorHealth.STALE);
    assertThat(released.holder()).isNull();
    assertThat(OperatorHealth.of(lease("op-0", null, 15), NOW).status())
        .isEqualTo(OperatorHealth.UNKNOWN);
  }

  @Test
  void notToldWhereTheLeaseIsIsUnknownWithoutAsking() {
    OperatorHealth.Health h = new OperatorHealth(null, null, java.time.Clock.systemUTC()).now();
    assertThat(h.status()).isEqualTo(OperatorHealth.UNKNOWN);
    assertThat(h.reason()).contains("not told");
  }
}
