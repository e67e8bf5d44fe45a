package dev.mcpspawner.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.UsageBucket;
import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.session.ServerCatalog;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tool calls and open sessions per server over time, in McpServer status, from every replica. */
class ServerUsageTest {
  static final Instant T0 = Instant.parse("2026-12-03T10:02:00Z");

  @Test
  void twoReplicasCountingTheSameServerAddUpInItsStatusAndThePeakIsTheHighest() {
    try (TestingCluster cluster = new TestingCluster();
        ServerCatalog catalog = new ServerCatalog(cluster.client(), TestingCluster.NAMESPACE)) {
      catalog.start();
      Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
      ServerUsage.Store store =
          ServerUsage.inStatus(cluster.client(), TestingCluster.NAMESPACE, catalog);
      McpServer echoBefore = server(cluster, "echo");
      ServerUsage a = new ServerUsage(clock, store, () -> Map.of("echo", 3));
      a.toolCall("echo", false);
      a.toolCall("echo", true);
      a.flush();

      // b's cache has not seen a's write yet: its write names the older version, the API refuses
      // it (409), b reads the server again from the API and adds its call to a's
      List<Boolean> reads = new ArrayList<>();
      ServerUsage.Store stale =
          new ServerUsage.Store() {
            @Override
            public StatusBuckets.Current<UsageBucket> read(String server, boolean fresh) {
              if (server.equals("echo")) {
                reads.add(fresh);
                if (!fresh) {
                  return new StatusBuckets.Current<>(
                      echoBefore.getMetadata().getResourceVersion(), null, true);
                }
              }
              return store.read(server, fresh);
            }

            @Override
            public boolean write(
                String server, StatusBuckets.Current<UsageBucket> read, List<UsageBucket> buckets) {
              return store.write(server, read, buckets);
            }
          };
      ServerUsage b = new ServerUsage(clock, stale, () -> Map.of("echo", 2, "other", 1));
      b.toolCall("echo", false);
      b.flush();

      assertThat(reads).containsExactly(false, true);
      assertThat(usage(cluster, "echo"))
          .containsExactly(new UsageBucket("2026-12-03T10:00:00Z", 3L, 1L, 3));
      assertThat(usage(cluster, "other"))
          .containsExactly(new UsageBucket("2026-12-03T10:00:00Z", null, null, 1));
    }
  }

  @Test
  void aWriteRefusedAsStaleIsReadAgainAndAddedAgainAndAFailedOneWaitsForTheNextFlush() {
    AtomicReference<List<UsageBucket>> stored =
        new AtomicReference<>(List.of(new UsageBucket("2026-12-03T10:00:00Z", 5L, null, null)));
    AtomicInteger version = new AtomicInteger(1);
    AtomicInteger conflicts = new AtomicInteger(1); // the first write finds another replica's
    AtomicInteger failures = new AtomicInteger(0);
    List<Boolean> freshReads = new ArrayList<>();
    ServerUsage.Store store =
        new ServerUsage.Store() {
          @Override
          public StatusBuckets.Current<UsageBucket> read(String server, boolean fresh) {
            freshReads.add(fresh);
            return new StatusBuckets.Current<>(String.valueOf(version.get()), stored.get());
          }

          @Override
          public boolean write(
              String server, StatusBuckets.Current<UsageBucket> read, List<UsageBucket> buckets) {
            if (failures.getAndDecrement() > 0) {
              throw new IllegalStateException("API unreachable");
            }
            if (conflicts.getAndDecrement() > 0) {
              // someone else added 2 calls meanwhile
              stored.set(List.of(new UsageBucket("2026-12-03T10:00:00Z", 7L, null, null)));
              version.incrementAndGet();
              return false;
            }
            assertThat(read.version()).isEqualTo(String.valueOf(version.get()));
            stored.set(buckets);
            version.incrementAndGet();
            return true;
          }
        };
    ServerUsage usage = new ServerUsage(Clock.fixed(T0, ZoneOffset.UTC), store, Map::of);
    usage.toolCall("echo", false);
    usage.flush();
    assertThat(freshReads).containsExactly(false, true);
    assertThat(stored.get())
        .containsExactly(new UsageBucket("2026-12-03T10:00:00Z", 8L, null, null));

    failures.set(1);
    usage.toolCall("echo", true);
    usage.flush(); // fails: the call is kept
    assertThat(stored.get().get(0).getToolCalls()).isEqualTo(8L);
    usage.flush();
    assertThat(stored.get()).containsExactly(new UsageBucket("2026-12-03T10:00:00Z", 9L, 1L, null));
  }

  @Test
  void bucketsOlderThanADayAreDroppedAndAnUnchangedPeakIsNotWrittenAgain() {
    Instant now = Instant.parse("2026-12-04T10:07:00Z");
    List<UsageBucket> merged =
        ServerUsage.merge(
            List.of(
                new UsageBucket("2026-12-03T10:00:00Z", 4L, null, null),
                new UsageBucket("2026-12-03T10:05:00Z", 4L, null, 2),
                new UsageBucket("2026-12-04T10:05:00Z", null, null, 3)),
            Map.of(),
            2,
            now);
    assertThat(merged)
        .containsExactly(
            new UsageBucket("2026-12-03T10:05:00Z", 4L, null, 2),
            new UsageBucket("2026-12-04T10:05:00Z", null, null, 3));
    assertThat(ServerUsage.bucketOf(now)).isEqualTo(Instant.parse("2026-12-04T10:05:00Z"));

    AtomicInteger writes = new AtomicInteger();
    ServerUsage.Store store =
        new ServerUsage.Store() {
          @Override
          public StatusBuckets.Current<UsageBucket> read(String server, boolean fresh) {
            return new StatusBuckets.Current<>(
                "1", List.of(new UsageBucket("2026-12-04T10:05:00Z", null, null, 3)));
          }

          @Override
          public boolean write(
              String server, StatusBuckets.Current<UsageBucket> read, List<UsageBucket> buckets) {
            writes.incrementAndGet();
            return true;
          }
        };
    new ServerUsage(Clock.fixed(now, ZoneOffset.UTC), store, () -> Map.of("echo", 3)).flush();
    assertThat(writes).hasValue(0);
    new ServerUsage(Clock.fixed(now, ZoneOffset.UTC), store, () -> Map.of("echo", 4)).flush();
    assertThat(writes).hasValue(1);
  }

  @Test
  void refusalsWithoutAUserAddToTheServersBucketsAndUnknownServerNamesAreIgnored() {
    UsageBucket earlier = new UsageBucket("2026-12-03T10:00:00Z", 5L, null, 2);
    earlier.setAuthRefusals(1L);
    AtomicReference<List<UsageBucket>> stored = new AtomicReference<>(List.of(earlier));
    List<String> written = new ArrayList<>();
    ServerUsage.Store store =
        new ServerUsage.Store() {
          @Override
          public StatusBuckets.Current<UsageBucket> read(String server, boolean fresh) {
            return server.equals("echo") ? new StatusBuckets.Current<>("1", stored.get()) : null;
          }

          @Override
          public boolean write(
              String server, StatusBuckets.Current<UsageBucket> read, List<UsageBucket> buckets) {
            written.add(server);
            stored.set(buckets);
            return true;
          }
        };
    ServerUsage usage =
        new ServerUsage(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC), store, Map::of);
    usage.refused("echo", ServerUsage.Refusal.AUTH);
    usage.refused("echo", ServerUsage.Refusal.AUTH);
    usage.refused("echo", ServerUsage.Refusal.RATE);
    usage.refused("made-up", ServerUsage.Refusal.AUTH);
    usage.refused("../../etc", ServerUsage.Refusal.AUTH);
    usage.refused(null, ServerUsage.Refusal.QUOTA);
    usage.flush();

    assertThat(written).containsExactly("echo");
    UsageBucket now = new UsageBucket("2026-12-03T10:10:00Z", null, null, null);
    now.setAuthRefusals(2L);
    now.setRateRefusals(1L);
    assertThat(stored.get())
        .as("the earlier bucket keeps its refusals; the new one has only what was counted")
        .containsExactly(earlier, now);

    usage.toolCall("echo", false);
    usage.flush();
    assertThat(stored.get().get(1).getAuthRefusals()).isEqualTo(2L);
    assertThat(stored.get().get(1).getToolCalls()).isEqualTo(1L);
  }

  @Test
  void aToolCallThroughTheGatewayIsCountedInTheServersStatus() {
    try (TestingCluster cluster = new TestingCluster()) {
      try (GatewayApp app = EchoCalls.handFlushedGateway(cluster)) {
        EchoCalls.asAlice(new McpHttp(app.port()), 2);
        EchoCalls.awaitCounted(app, () -> calls(usage(cluster, "echo")) == 2);
        // (two buckets only if the calls straddle a 5-minute boundary)
        List<UsageBucket> echo = usage(cluster, "echo");
        assertThat(echo).allSatisfy(b -> assertThat(b.getToolErrors()).isNull());
        assertThat(echo).anySatisfy(b -> assertThat(b.getSessionsPeak()).isEqualTo(1));
      }
    }
  }

  static long calls(List<UsageBucket> buckets) {
    return buckets.stream().mapToLong(b -> b.getToolCalls() == null ? 0 : b.getToolCalls()).sum();
  }

  static McpServer server(TestingCluster cluster, String server) {
    return cluster.server(server);
  }

  static List<UsageBucket> usage(TestingCluster cluster, String server) {
    McpServer s = server(cluster, server);
    return s.getStatus() == null ? null : s.getStatus().getUsage();
  }
}
