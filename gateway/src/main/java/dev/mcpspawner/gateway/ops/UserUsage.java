package dev.mcpspawner.gateway.ops;

import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.UserUsageBucket;
import dev.mcpspawner.gateway.user.UserDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tool calls, errors and refusals per user over time, kept in {@code McpUser.status.usage} (one
 * bucket per 5 minutes for 24 hours) the way {@link ServerUsage} keeps a server's: counted in
 * memory, added to the user's buckets at each {@link #flush()} under optimistic locking ({@link
 * StatusBuckets}), so every replica's counts add up and every replica answers the same. A refusal
 * of a caller without an McpUser (an unknown token) is not counted here: {@link
 * ServerUsage#refused} counts it on the server the request was for.
 */
public final class UserUsage {
  private static final Logger LOG = LoggerFactory.getLogger(UserUsage.class);

  /** What is counted; the order of a delta's counters. */
  public enum Count {
    TOOL_CALL,
    TOOL_ERROR,
    QUOTA_REFUSAL,
    RATE_REFUSAL,
    DISABLED_REFUSAL,
    REVOKED_REFUSAL
  }

  private static final int COUNTS = Count.values().length;

  /** McpUsers' status: read from the gateway's user cache, from the API after a conflict. */
  public static StatusBuckets.Store<UserUsageBucket> inStatus(
      KubernetesClient client, String namespace, UserDirectory users) {
    return StatusBuckets.inStatus(
        client,
        namespace,
        McpUser.class,
        name -> users.byName(name).orElse(null),
        McpUser::getStatus,
        u -> u.getStatus().getUsage());
  }

  /** The McpUser name of a user id, from the gateway's cache; empty when it has none. */
  public static Function<String, Optional<String>> namesFrom(UserDirectory users) {
    return userId -> users.find(userId).map(u -> u.getMetadata().getName());
  }

  private final Clock clock;
  private final StatusBuckets.Store<UserUsageBucket> store;
  private final Function<String, Optional<String>> nameOf;
  private Map<String, Map<Instant, long[]>> pending = new HashMap<>();

  /**
   * @param nameOf the McpUser name of a user id (the principal's), empty when there is none
   */
  public UserUsage(
      Clock clock,
      StatusBuckets.Store<UserUsageBucket> store,
      Function<String, Optional<String>> nameOf) {
    this.clock = clock;
    this.store = store;
    this.nameOf = nameOf;
  }

  /** One tools/call of the user relayed; {@code error}: not answered 2xx. */
  public void toolCall(String userId, boolean error) {
    count(userId, Count.TOOL_CALL);
    if (error) {
      count(userId, Count.TOOL_ERROR);
    }
  }

  /**
   * One request of the user refused: {@code reason} is one of the refusal counts.
   *
   * @return whether it was counted: false when the user has no McpUser (to be counted elsewhere)
   */
  public boolean refused(String userId, Count reason) {
    if (reason == Count.TOOL_CALL || reason == Count.TOOL_ERROR) {
      throw new IllegalArgumentException("not a refusal: " + reason);
    }
    return count(userId, reason);
  }

  private boolean count(String userId, Count what) {
    if (userId == null) {
      return false;
    }
    Optional<String> name;
    try {
      name = nameOf.apply(userId);
    } catch (RuntimeException e) {
      return true; // usage is best effort: never fail a request over it
    }
    if (name.isEmpty()) {
      return false;
    }
    Instant bucket = StatusBuckets.bucketOf(clock.instant());
    synchronized (this) {
      pending.computeIfAbsent(name.get(), k -> new HashMap<>())
          .computeIfAbsent(bucket, k -> new long[COUNTS])[what.ordinal()]++;
    }
    return true;
  }

  /** Writes what was counted since the last flush. */
  public void flush() {
    Map<String, Map<Instant, long[]>> taken;
    synchronized (this) {
      taken = pending;
      pending = new HashMap<>();
    }
    Instant now = clock.instant();
    taken.forEach(
        (user, deltas) -> {
          try {
            if (!StatusBuckets.addTo(store, user, stored -> merge(stored, deltas, now))) {
              keep(user, deltas, now);
            }
          } catch (RuntimeException e) {
            LOG.warn("could not record usage of user {}: {}", user, e.toString());
            keep(user, deltas, now);
          }
        });
  }

  /** Counts not written go back, to be added at the next flush (if still within the 24 hours). */
  private synchronized void keep(String user, Map<Instant, long[]> deltas, Instant now) {
    Instant oldest = StatusBuckets.oldest(now);
    deltas.forEach(
        (start, d) -> {
          if (!start.isBefore(oldest)) {
            long[] into =
                pending
                    .computeIfAbsent(user, k -> new HashMap<>())
                    .computeIfAbsent(start, k -> new long[COUNTS]);
            for (int i = 0; i < COUNTS; i++) {
              into[i] += d[i];
            }
          }
        });
  }

  /** The stored buckets plus these counts, oldest first, none older than a day. */
  static List<UserUsageBucket> merge(
      List<UserUsageBucket> stored, Map<Instant, long[]> deltas, Instant now) {
    Instant oldest = StatusBuckets.oldest(now);
    TreeMap<Instant, UserUsageBucket> byStart = new TreeMap<>();
    for (UserUsageBucket b : Objects.requireNonNullElse(stored, List.<UserUsageBucket>of())) {
      Instant start = StatusBuckets.parse(b.getStart());
      if (start != null && !start.isBefore(oldest)) {
        UserUsageBucket copy = new UserUsageBucket(start.toString());
        copy.setToolCalls(b.getToolCalls());
        copy.setToolErrors(b.getToolErrors());
        copy.setQuotaRefusals(b.getQuotaRefusals());
        copy.setRateRefusals(b.getRateRefusals());
        copy.setDisabledRefusals(b.getDisabledRefusals());
        copy.setRevokedRefusals(b.getRevokedRefusals());
        byStart.put(start, copy);
      }
    }
    deltas.forEach(
        (start, d) -> {
          if (start.isBefore(oldest)) {
            return;
          }
          UserUsageBucket b =
              byStart.computeIfAbsent(start, s -> new UserUsageBucket(s.toString()));
          b.setToolCalls(add(b.getToolCalls(), d, Count.TOOL_CALL));
          b.setToolErrors(add(b.getToolErrors(), d, Count.TOOL_ERROR));
          b.setQuotaRefusals(add(b.getQuotaRefusals(), d, Count.QUOTA_REFUSAL));
          b.setRateRefusals(add(b.getRateRefusals(), d, Count.RATE_REFUSAL));
          b.setDisabledRefusals(add(b.getDisabledRefusals(), d, Count.DISABLED_REFUSAL));
          b.setRevokedRefusals(add(b.getRevokedRefusals(), d, Count.REVOKED_REFUSAL));
        });
    return new ArrayList<>(byStart.values());
  }

  /** Absent stays absent when nothing is added (absent counts are zero). */
  private static Long add(Long stored, long[] delta, Count what) {
    long n = delta[what.ordinal()];
    return n == 0 && stored == null ? null : StatusBuckets.plus(stored, n);
  }
}
