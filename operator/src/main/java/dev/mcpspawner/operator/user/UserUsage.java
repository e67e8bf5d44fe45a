package dev.mcpspawner.operator.user;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.Timestamps;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** What one user's sessions hold together, and when the user last used any of them. */
public record UserUsage(int active, PodRequests requests, Optional<Instant> lastSeen) {

  /**
   * @param requestsOf what a session's pod requests (from its McpServer and the defaults)
   */
  public static UserUsage of(
      Collection<McpSession> sessions, Function<McpSession, PodRequests> requestsOf) {
    int active = 0;
    PodRequests sum = PodRequests.NONE;
    for (McpSession s : sessions) {
      if (ActiveSessions.counts(s)) {
        active++;
        sum = sum.plus(requestsOf.apply(s));
      }
    }
    Optional<Instant> last = sessions.stream().flatMap(UserUsage::activity).max(Instant::compareTo);
    return new UserUsage(active, sum, last);
  }

  /** Each limit of {@code quota} these sessions are at (or beyond), in words. */
  public List<String> reached(UserQuota quota) {
    List<String> reached = new ArrayList<>();
    if (quota.getSessions() != null && active >= quota.getSessions()) {
      reached.add(active + " of " + quota.getSessions() + " sessions open");
    }
    if (atLimit(quota.getCpu(), requests.cpu())) {
      reached.add(PodRequests.cpuQuantity(requests.cpu()) + " of " + quota.getCpu() + " CPU");
    }
    if (atLimit(quota.getMemory(), requests.memory())) {
      reached.add(
          PodRequests.memoryQuantity(requests.memory()) + " of " + quota.getMemory() + " memory");
    }
    return reached;
  }

  private static boolean atLimit(Quantity limit, BigDecimal used) {
    try {
      return limit != null && used.compareTo(limit.getNumericalAmount()) >= 0;
    } catch (RuntimeException e) {
      return false; // not a quantity: Valid says so
    }
  }

  private static Stream<Instant> activity(McpSession s) {
    var annotations = s.getMetadata().getAnnotations();
    String annotated =
        annotations == null ? null : annotations.get(McpSpawner.ANNOTATION_LAST_ACTIVITY);
    String reported = s.getStatus() == null ? null : s.getStatus().getLastActivityAt();
    return Stream.of(annotated, reported).map(Timestamps::parse).flatMap(Optional::stream);
  }
}
