package dev.mcpspawner.operator.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.testing.Catalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The quota arithmetic, its messages and its serialization per user, without an API. */
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
  void twoSessionsOfOneUserDecidedAtOnceNeverBothTakeTheLastPlace() throws Exception {
    var admission =
        new SessionAdmission(UserDefaults.fromEnv(Map.of(UserDefaults.ENV_SESSIONS, "1")));
    McpSession a = Catalog.session("ns", "una", "memory");
    McpSession b = Catalog.session("ns", "una", "memory");
    a.getMetadata().setUid("uid-a");
    b.getMetadata().setUid("uid-b");
    List<McpSession> sessions = List.of(a, b);
    // The cache lookup is where two unserialized decisions would both see the place free: make
    // them meet there (the barrier gives up after a while when the decisions are serialized).
    CyclicBarrier bothLooking = new CyclicBarrier(2);
    Function<McpSession, Optional<Pod>> slowCache =
        s -> {
          try {
            bothLooking.await(300, TimeUnit.MILLISECONDS);
          } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            // serialized: nobody else is looking
          }
          return Optional.empty();
        };

    try (var pool = Executors.newFixedThreadPool(2)) {
      var first = pool.submit(() -> admission.admit(a, null, SMALL, sessions, slowCache));
      var second = pool.submit(() -> admission.admit(b, null, SMALL, sessions, slowCache));
      assertThat(List.of(first.get(), second.get())).filteredOn(Optional::isEmpty).hasSize(1);
    }
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
