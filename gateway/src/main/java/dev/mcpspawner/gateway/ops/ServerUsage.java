package dev.mcpspawner.gateway.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.UsageBucket;
import dev.mcpspawner.gateway.session.ServerCatalog;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
 * replica's counts to the server's buckets under optimistic locking: a write made against an older
 * version is refused by the API (409), the buckets are read again and the counts added again, so
 * replicas add up and never overwrite each other. The open-session peak is a maximum, the same from
 * any replica's cache, so it is written only when it grew. A restart loses at most one interval, as
 * with last activity.
 */
public final class ServerUsage {
  public static final Duration BUCKET = Duration.ofMinutes(5);
  public static final Duration KEEP = Duration.ofHours(24);
  static final int ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(ServerUsage.class);

  /** Where the buckets live (the McpServer's status); a fake in tests. */
  public interface Store {
    /**
     * The server's buckets and the version they were read at; null when there is no such server.
     *
     * @param fresh read from the API rather than the cache (after a conflict)
     */
    Current read(String server, boolean fresh);

    /**
     * Writes the buckets if the object is still as {@code read}.
     *
     * @return false when it is not (someone wrote in between)
     */
    boolean write(String server, Current read, List<UsageBucket> buckets);
  }

  /**
   * The buckets as read, and the object's resourceVersion.
   *
   * @param hasStatus whether the object has a status at all (the operator may not have written one
   *     yet)
   */
  public record Current(String version, List<UsageBucket> buckets, boolean hasStatus) {
    public Current(String version, List<UsageBucket> buckets) {
      this(version, buckets, true);
    }
  }

  /**
   * The McpServers' status: read from the catalog's cache (from the API after a conflict), written
   * as a JSON Patch that sets the resourceVersion the buckets were read at (a precondition) and
   * replaces {@code status.usage}: the API refuses it (409) if another replica wrote in between.
   */
  public static Store inStatus(KubernetesClient client, String namespace, ServerCatalog catalog) {
    ObjectMapper json = new ObjectMapper();
    return new Store() {
      @Override
      public Current read(String server, boolean fresh) {
        McpServer s =
            fresh
                ? client.resources(McpServer.class).inNamespace(namespace).withName(server).get()
                : catalog.get(server);
        if (s == null) {
          return null;
        }
        return new Current(
            s.getMetadata().getResourceVersion(),
            s.getStatus() == null ? null : s.getStatus().getUsage(),
            s.getStatus() != null);
      }

      @Override
      public boolean write(String server, Current read, List<UsageBucket> buckets) {
        ArrayNode patch = json.createArrayNode();
        // The resourceVersion in the patched object is a precondition: the API answers 409 if the
        // object has changed since (a JSON Patch "test" would fail as 422, the mock's as 500).
        patch
            .addObject()
            .put("op", "replace")
            .put("path", "/metadata/resourceVersion")
            .put("value", read.version());
        if (read.hasStatus()) {
          patch
              .addObject()
              .put("op", "add")
              .put("path", "/status/usage")
              .set("value", json.valueToTree(buckets));
        } else {
          ObjectNode op = patch.addObject().put("op", "add").put("path", "/status");
          op.putObject("value").set("usage", json.valueToTree(buckets));
        }
        try {
          client
              .resources(McpServer.class)
              .inNamespace(namespace)
              .withName(server)
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON), patch.toString());
          return true;
        } catch (KubernetesClientException e) {
          // 409: written meanwhile; 404: the server is gone
          if (e.getCode() == 409) {
            return false;
          }
          if (e.getCode() == 404) {
            return true;
          }
          throw e;
        }
      }
    };
  }

  private static final class Delta {
    long calls;
    long errors;
  }

  private final Clock clock;
  private final Store store;
  private final Supplier<Map<String, Integer>> openSessions;
  private Map<String, Map<Instant, Delta>> pending = new HashMap<>();

  /**
   * @param openSessions open sessions per server now, from the gateway's cache
   */
  public ServerUsage(Clock clock, Store store, Supplier<Map<String, Integer>> openSessions) {
    this.clock = clock;
    this.store = store;
    this.openSessions = openSessions;
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
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Current current = store.read(server, attempt > 0);
      if (current == null) {
        return true; // the server is gone, and its usage with it
      }
      List<UsageBucket> merged = merge(current.buckets(), deltas, open, now);
      if (merged.equals(Objects.requireNonNullElse(current.buckets(), List.of()))) {
        return true;
      }
      if (store.write(server, current, merged)) {
        return true;
      }
    }
    return false;
  }

  /** Counts not written go back, to be added at the next flush (if still within the 24 hours). */
  private synchronized void keep(String server, Map<Instant, Delta> deltas, Instant now) {
    Instant oldest = bucketOf(now.minus(KEEP));
    deltas.forEach(
        (start, d) -> {
          if (!start.isBefore(oldest)) {
            Delta into =
                pending
                    .computeIfAbsent(server, k -> new HashMap<>())
                    .computeIfAbsent(start, k -> new Delta());
            into.calls += d.calls;
            into.errors += d.errors;
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
        byStart.put(
            start,
            new UsageBucket(
                start.toString(), b.getToolCalls(), b.getToolErrors(), b.getSessionsPeak()));
      }
    }
    deltas.forEach(
        (start, d) -> {
          if (start.isBefore(oldest)) {
            return;
          }
          UsageBucket b =
              byStart.computeIfAbsent(start, s -> new UsageBucket(s.toString(), null, null, null));
          b.setToolCalls(plus(b.getToolCalls(), d.calls));
          if (d.errors > 0 || b.getToolErrors() != null) {
            b.setToolErrors(plus(b.getToolErrors(), d.errors));
          }
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
    long size = BUCKET.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
  }

  private static long plus(Long a, long b) {
    return (a == null ? 0 : a) + b;
  }

  private static Instant parse(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
