package dev.mcpspawner.gateway.ops;

import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserUsageBucket;
import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tool calls and refusals per user over time, in McpUser status, from every replica. */
class UserUsageTest {
  static final Instant T0 = Instant.parse("2026-12-03T10:02:00Z");

  @Test
  void twoReplicasCountingTheSameUserAddUpInItsStatus() {
    try (TestingCluster cluster = new TestingCluster()) {
      McpUser before = createUser(cluster, "ana@example.com");
      String name = before.getMetadata().getName();
      Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
      StatusBuckets.Store<UserUsageBucket> store =
          StatusBuckets.inStatus(
              cluster.client(),
              TestingCluster.NAMESPACE,
              McpUser.class,
              n -> user(cluster, n),
              McpUser::getStatus,
              u -> u.getStatus().getUsage());
      UserUsage a = new UserUsage(clock, store, id -> Optional.of(Names.userSlug(id)));
      a.toolCall("ana@example.com", false);
      a.toolCall("ana@example.com", true);
      a.refused("ana@example.com", UserUsage.Count.RATE_REFUSAL);
      a.flush();

      // b's cache has not seen a's write: the API refuses b's write (409), b reads the user again
      // from the API and adds its counts to a's
      List<Boolean> reads = new ArrayList<>();
      StatusBuckets.Store<UserUsageBucket> stale =
          new StatusBuckets.Store<>() {
            @Override
            public StatusBuckets.Current<UserUsageBucket> read(String user, boolean fresh) {
              reads.add(fresh);
              return fresh
                  ? store.read(user, true)
                  : new StatusBuckets.Current<>(
                      before.getMetadata().getResourceVersion(), null, false);
            }

            @Override
            public boolean write(
                String user,
                StatusBuckets.Current<UserUsageBucket> read,
                List<UserUsageBucket> buckets) {
              return store.write(user, read, buckets);
            }
          };
      UserUsage b = new UserUsage(clock, stale, id -> Optional.of(Names.userSlug(id)));
      b.toolCall("ana@example.com", false);
      b.refused("ana@example.com", UserUsage.Count.QUOTA_REFUSAL);
      b.refused("ana@example.com", UserUsage.Count.QUOTA_REFUSAL);
      b.flush();

      assertThat(reads).containsExactly(false, true);
      UserUsageBucket expected = new UserUsageBucket("2026-12-03T10:00:00Z");
      expected.setToolCalls(3L);
      expected.setToolErrors(1L);
      expected.setRateRefusals(1L);
      expected.setQuotaRefusals(2L);
      assertThat(usage(cluster, name)).containsExactly(expected);
    }
  }

  @Test
  void countsOlderThanADayAreDroppedAndAnUnknownUserIsNotCounted() {
    Instant now = T0.plus(Duration.ofHours(25));
    UserUsageBucket old = new UserUsageBucket("2026-12-03T10:00:00Z");
    old.setToolCalls(5L);
    long[] delta = new long[UserUsage.Count.values().length];
    delta[UserUsage.Count.REVOKED_REFUSAL.ordinal()] = 1;
    List<UserUsageBucket> merged =
        UserUsage.merge(List.of(old), Map.of(StatusBuckets.bucketOf(now), delta), now);
    UserUsageBucket fresh = new UserUsageBucket(StatusBuckets.bucketOf(now).toString());
    fresh.setRevokedRefusals(1L);
    assertThat(merged).containsExactly(fresh);

    List<String> written = new ArrayList<>();
    StatusBuckets.Store<UserUsageBucket> store =
        new StatusBuckets.Store<>() {
          @Override
          public StatusBuckets.Current<UserUsageBucket> read(String user, boolean f) {
            return new StatusBuckets.Current<>("1", null);
          }

          @Override
          public boolean write(
              String user, StatusBuckets.Current<UserUsageBucket> r, List<UserUsageBucket> b) {
            written.add(user);
            return true;
          }
        };
    UserUsage usage =
        new UserUsage(Clock.fixed(now, ZoneOffset.UTC), store, id -> Optional.empty());
    usage.toolCall("nobody@example.com", false);
    usage.flush();
    assertThat(written).isEmpty();
  }

  @Test
  void toolCallsAndADisabledRefusalThroughTheGatewayAreCountedInTheUsersStatus() {
    try (TestingCluster cluster = new TestingCluster()) {
      try (GatewayApp app = EchoCalls.handFlushedGateway(cluster)) {
        McpHttp http = new McpHttp(app.port());
        EchoCalls.asAlice(http, 2);
        String name = Names.userSlug(TestingKeys.ALICE_ID);
        cluster.editUserNamed(name, spec -> spec.setDisabled(true));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    http.post("echo", TestingKeys.ALICE, initialize("2025-06-18")).statusCode()
                        == 403);
        EchoCalls.awaitCounted(
            app,
            () -> {
              List<UserUsageBucket> u = usage(cluster, name);
              return sum(u, UserUsageBucket::getToolCalls) == 2
                  && sum(u, UserUsageBucket::getDisabledRefusals) >= 1;
            });
        List<UserUsageBucket> alice = usage(cluster, name);
        assertThat(sum(alice, UserUsageBucket::getToolErrors)).isZero();
        assertThat(sum(alice, UserUsageBucket::getQuotaRefusals)).isZero();
      }
    }
  }

  static long sum(
      List<UserUsageBucket> buckets, java.util.function.Function<UserUsageBucket, Long> f) {
    return buckets.stream().map(f).mapToLong(n -> n == null ? 0 : n).sum();
  }

  static McpUser createUser(TestingCluster cluster, String subject) {
    McpUser user = new McpUser();
    user.getMetadata().setName(Names.userSlug(subject));
    user.getMetadata().setNamespace(TestingCluster.NAMESPACE);
    user.setSpec(new McpUserSpec(subject));
    return cluster.client().resource(user).create();
  }

  static McpUser user(TestingCluster cluster, String name) {
    return cluster.userNamed(name);
  }

  static List<UserUsageBucket> usage(TestingCluster cluster, String name) {
    McpUser u = user(cluster, name);
    return u.getStatus() == null ? null : u.getStatus().getUsage();
  }
}
