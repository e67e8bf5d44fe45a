package dev.mcpspawner.gateway.admin;

import dev.mcpspawner.crds.McpUserStatus;
import dev.mcpspawner.crds.UserUsageBucket;
import dev.mcpspawner.gateway.ops.StatusBuckets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A user's tool calls and refused requests since an instant, summed from {@code
 * McpUser.status.usage} (which every gateway replica adds to, so every replica answers the same).
 * The status keeps 24 hours: a longer window counts those.
 *
 * @param since the start of the first 5-minute interval counted
 */
public record UserActivity(String since, long toolCalls, long toolErrors, Refusals refusals) {

  /** Requests of the user refused at the gateway, by reason. */
  public record Refusals(long quota, long rate, long disabled, long revoked) {}

  static UserActivity of(McpUserStatus status, Instant since) {
    Instant first = StatusBuckets.bucketOf(since);
    List<UserUsageBucket> counted =
        status == null || status.getUsage() == null
            ? List.of()
            : status.getUsage().stream()
                .filter(b -> !SessionFacts.instant(b.getStart()).isBefore(first))
                .toList();
    return new UserActivity(
        first.toString(),
        sum(counted, UserUsageBucket::getToolCalls),
        sum(counted, UserUsageBucket::getToolErrors),
        new Refusals(
            sum(counted, UserUsageBucket::getQuotaRefusals),
            sum(counted, UserUsageBucket::getRateRefusals),
            sum(counted, UserUsageBucket::getDisabledRefusals),
            sum(counted, UserUsageBucket::getRevokedRefusals)));
  }

  private static long sum(List<UserUsageBucket> buckets, Function<UserUsageBucket, Long> count) {
    return buckets.stream().map(count).mapToLong(n -> n == null ? 0 : n).sum();
  }
}
