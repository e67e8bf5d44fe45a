package dev.mcpspawner.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.UserQuota;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The quota arithmetic and its messages, without an API. */
class SessionAdmissionTest {
  static final PodRequests SMALL =
      new PodRequests(new BigDecimal("0.25"), BigDecimal.valueOf(128L << 20));

  @Test
  void sessionThatFitsIsAdmittedAndTheOneAtTheLimitIsNot() {
    UserQuota quota = new UserQuota(5, null, null, null);

    assertThat(SessionAdmission.check(quota, 4, PodRequests.NONE, SMALL)).isEmpty();
    assertThat(SessionAdmission.check(quota, 5, PodRequests.NONE, SMALL))
        .get()
        .extracting(SessionAdmission.Refusal::message)
        .isEqualTo("5 of 5 sessions open: close one, or ask an administrator for more");
  }

  @Test
  void cpuAndMemoryLimitsCountTheNewSessionsRequestsToo() {
    UserQuota cpu = new UserQuota(null, new Quantity("500m"), null, null);
    UserQuota memory = new UserQuota(null, null, new Quantity("256Mi"), null);

    assertThat(SessionAdmission.check(cpu, 1, SMALL, SMALL)).isEmpty();
    assertThat(SessionAdmission.check(cpu, 2, SMALL.plus(SMALL), SMALL))
        .get()
        .extracting(SessionAdmission.Refusal::message)
        .asString()
        .startsWith("500m of 500m CPU requested by 2 open sessions, a new one needs 250m");
    assertThat(SessionAdmission.check(memory, 2, SMALL.plus(SMALL), SMALL))
        .get()
        .extracting(SessionAdmission.Refusal::message)
        .asString()
        .startsWith("256Mi of 256Mi memory requested by 2 open sessions, a new one needs 128Mi");
  }

  @Test
  void zeroSessionsQuotaRefusesEvenTheFirst() {
    assertThat(
            SessionAdmission.check(new UserQuota(0, null, null, null), 0, PodRequests.NONE, SMALL))
        .get()
        .extracting(SessionAdmission.Refusal::reason)
        .isEqualTo(RefusalReason.QuotaExceeded);
  }
}
