package dev.mcpspawner.gateway.ops;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UsageBucket;
import dev.mcpspawner.gateway.session.ServerCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tool calls and open sessions per server over time, kept where every replica reads the same:
 * {@code McpServer.status.usage}, one bucket per 5 minutes for 24 hours. Each request only counts
 * in memory; {@link #flush()} (once per activity interval, as last activity is written) adds this
 * replica's counts to the server's buckets under optimistic locking ({@link StatusBuckets}), so
 * replicas add up and never overwrite each other. The open-session peak is a maximum, the same from
 * any replica's cache, so it is written only when it grew. A restart loses at most one interval, as
 * with last activity.
 */
public final class ServerUsage {
  public static final Duration BUCKET = StatusBuckets.BUCKET;
  public static final Duration KEEP = StatusBuckets.KEEP;
  private static final Logger LOG = LoggerFactory.getLogger(ServerUsage.class);

  /** Where a server's buckets live (the McpServer's status); a fake in tests. */
  public interface Store extends StatusBuckets.Store<UsageBucket> {}

  /** The McpServers' status, read from the catalog's cache (see {@link StatusBuckets#inStatus}). */
  public static Store inStatus(KubernetesClient client, String namespace, ServerCatalog catalog) {
    StatusBuckets.Store<UsageBucket> store =
        StatusBuckets.inStatus(
            client,
            namespace,
            McpServer.class,
            catalog::get,
            McpServer::getStatus,
            s -> s.getStatus().getUsage());
    return new Store() {
      @Override
      public StatusBuckets.Current<UsageBucket> read(String server, boolean fresh) {
        return store.read(server, fresh);
      }

      @Override
      public boolean write(
          String server, StatusBuckets.Current<UsageBucket> read, List<UsageBucket> buckets) {
        return store.write(server, read, buckets);
      }
    };
  }

  /**
   * Why a request for a server was refused when there is no McpUser to count it in: the caller
   * authenticated as no one ({@code AUTH}), or a signed-in caller without an McpUser reached a
   * session quota or the rate limit.
   */
  public enum Refusal {
    AUTH,
    QUOTA,
    RATE
  }

  private static final class Delta {
    long calls;
    long errors;
    final long[] refusals = new long[Refusal.values().length];

    void add(Delta d) {
      calls += d.calls;
      errors += d.errors;
      for (int i = 0; i < refusals.length; i++) {
        refusals[i] += d.refusals[i];
      }
    }
  }

  private final Clock clock;
  private final Store store;
  private final Supplier<Map<String, Integer>> openSessions;
  private final UserUsage perUser;
  private Map<String, Map<Instant, Delta>> pending = new HashMap<>();

  /**
   * @param openSessions open sessions per server now, from the gateway's cache
   */
  public ServerUsage(Clock clock, Store store, Supplier<Map<String, Integer>> openSessions) {
    this(clock, store, openSessions, null);
  }

  /**
   * @param openSessions open sessions per server now, from the gateway's cache
   * @param perUser where a tool call also counts for its user (flushed by its owner), or null
   */
  public ServerUsage(
      Clock clock, Store store, Supplier<Map<String, Integer>> openSessions, UserUsage perUser) {
    this.clock = clock;
    this.store = store;
    this.openSessions = openSessions;
    this.perUser = perUser;
  }

  /** One tools/call of {@code userId} relayed to a session of {@code server}: counted for both. */
  public void toolCall(String server, String userId, boolean error) {
    toolCall(server, error);
    if (perUser != null) {
      perUser.toolCall(userId, error);
    }
  }

  /** One tools/call relayed to a session of {@code server}; {@code error}: not answered 2xx. */
  public synchronized void toolCall(String server, boolean error) {
    Delta d =
        pending
            .computeIfAbsent(server, k -> new HashMap<>())
            .computeIfAbsent(bucketOf(clock.instant()), k -> new Delta());
    d.calls++;
    if (error) {
      d.errors++;
    }
  }

  /**
   * One request for {@code server} refused with no McpUser to count it in (the caller's credential
   * is never kept, only the count). Ignored for a name the catalog does not have: the name comes
   * from the request's path, which anyone can make up.
   */
  public void refused(String server, Refusal reason) {
    if (server == null || !Names.isDnsLabel(server)) {
      return;
    }
    try {
      if (store.read(server, false) == null) {
        return;
      }
    } catch (RuntimeException e) {
      return; // usage is best effort: never fail a request over it
    }
    synchronized (this) {
      pending
          .computeIfAbsent(server, k -> new HashMap<>())
          .computeIfAbsent(bucketOf(clock.instant()), k -> new Delta())
          .refusals[reason.ordinal()]++;
    }
  }

  /** Writes what was counted since the last flush, and the open-session peaks. */
  public void flush() {
    Map<String, Map<Instant, Delta>> taken;
    synchronized (this) {
      taken = pending;
      pending = new HashMap<>();
    }
    Instant now = clock.instant();
    Map<String, Integer> open = openSessions.get();
    Set<String> servers = new HashSet<>(taken.keySet());
    open.forEach(
        (server, n) -> {
          if (n > 0) {
            servers.add(server);
          }
        });
    for (String server : servers) {
      Map<Instant, Delta> deltas = taken.getOrDefault(server, Map.of());
      try {
        if (!write(server, deltas, open.getOrDefault(server, 0), now)) {
          keep(server, deltas, now);
        }
      } catch (RuntimeException e) {
        LOG.warn("could not record usage of server {}: {}", server, e.toString());
        keep(server, deltas, now);
      }
    }
  }

  private boolean write(String server, Map<Instant, Delta> deltas, int open, Instant now) {
    return StatusBuckets.addTo(store, server, stored -> merge(stored, deltas, open, now));
  }

  /** Counts not written go back, to be added at the next flush (if still within the 24 hours). */
  private synchronized void keep(String server, Map<Instant, Delta> deltas, Instant now) {
    Instant oldest = bucketOf(now.minus(KEEP));
    deltas.forEach(
        (start, d) -> {
          if (!start.isBefore(oldest)) {
            pending
                .computeIfAbsent(server, k -> new HashMap<>())
                .computeIfAbsent(start, k -> new Delta())
                .add(d);
          }
        });
  }

  /** The stored buckets plus these counts and this peak, oldest first, none older than a day. */
  static List<UsageBucket> merge(
      List<UsageBucket> stored, Map<Instant, Delta> deltas, int open, Instant now) {
    Instant oldest = bucketOf(now.minus(KEEP));
    TreeMap<Instant, UsageBucket> byStart = new TreeMap<>();
    for (UsageBucket b : Objects.requireNonNullElse(stored, List.<UsageBucket>of())) {
      Instant start = parse(b.getStart());
      if (start != null && !start.isBefore(oldest)) {
        UsageBucket copy = b.copy();
        copy.setStart(start.toString());
        byStart.put(start, copy);
      }
    }
    deltas.forEach(
        (start, d) -> {
          if (start.isBefore(oldest)) {
            return;
          }
          UsageBucket b =
              byStart.computeIfAbsent(start, s -> new UsageBucket(s.toString(), null, null, null));
          if (d.calls > 0 || b.getToolCalls() != null) {
            b.setToolCalls(plus(b.getToolCalls(), d.calls));
          }
          if (d.errors > 0 || b.getToolErrors() != null) {
            b.setToolErrors(plus(b.getToolErrors(), d.errors));
          }
          b.setAuthRefusals(add(b.getAuthRefusals(), d, Refusal.AUTH));
          b.setQuotaRefusals(add(b.getQuotaRefusals(), d, Refusal.QUOTA));
          b.setRateRefusals(add(b.getRateRefusals(), d, Refusal.RATE));
        });
    if (open > 0) {
      Instant current = bucketOf(now);
      UsageBucket b =
          byStart.computeIfAbsent(current, s -> new UsageBucket(s.toString(), null, null, null));
      if (b.getSessionsPeak() == null || b.getSessionsPeak() < open) {
        b.setSessionsPeak(open);
      }
    }
    return new ArrayList<>(byStart.values());
  }

  /** The start of the 5-minute bucket {@code at} falls in. */
  public static Instant bucketOf(Instant at) {
    return StatusBuckets.bucketOf(at);
  }

  /** Absent stays absent when nothing is added (absent counts are zero). */
  private static Long add(Long stored, Delta d, Refusal what) {
    long n = d.refusals[what.ordinal()];
    return n == 0 && stored == null ? null : plus(stored, n);
  }

  private static long plus(Long a, long b) {
    return StatusBuckets.plus(a, b);
  }

  private static Instant parse(String text) {
    return StatusBuckets.parse(text);
  }
}
