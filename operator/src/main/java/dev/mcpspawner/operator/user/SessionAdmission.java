package dev.mcpspawner.operator.user;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.crds.UserQuota;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides, one user at a time, whether a session may have a pod. Sessions of one user are
 * reconciled concurrently, so each decision holds the user's lock and counts what the API shows
 * (sessions with a pod in the cache or a pod name in their status) plus the sessions this process
 * admitted whose pods the cache does not show yet. A restarted operator counts from the API alone.
 */
public final class SessionAdmission {

  /** Why a session may not have a pod, in words for the person who opened it. */
  public record Refusal(RefusalReason reason, String message) {}

  private record Admitted(String user, PodRequests requests) {}

  private final UserDefaults defaults;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Admitted> admitted = new ConcurrentHashMap<>();

  public SessionAdmission(UserDefaults defaults) {
    this.defaults = defaults;
  }

  /**
   * The session's pod is in the cache now, which counts it from here on: this process need not
   * remember the admission any longer.
   */
  public void settled(McpSession session) {
    admitted.remove(session.getMetadata().getUid());
  }

  /** Whether this process let {@code session} have a pod (which may not exist yet). */
  public boolean admitted(McpSession session) {
    return admitted.containsKey(session.getMetadata().getUid());
  }

  /**
   * Admits {@code session} (needing {@code requests}) or says why not.
   *
   * @param sessions the user's sessions as the cache has them, {@code session} among them or not
   * @param podOf the pod of a session, as the cache has it
   */
  public Optional<Refusal> admit(
      McpSession session,
      McpUser user,
      PodRequests requests,
      Collection<McpSession> sessions,
      Function<McpSession, Optional<Pod>> podOf) {
    String uid = session.getMetadata().getUid();
    if (admitted.containsKey(uid)) {
      return Optional.empty();
    }
    if (user != null && user.getSpec() != null && user.getSpec().isDisabled()) {
      return Optional.of(
          new Refusal(
              RefusalReason.UserDisabled,
              "user "
                  + user.getSpec().getSubject()
                  + " is disabled: an administrator can enable them again (McpUser "
                  + user.getMetadata().getName()
                  + ", spec.disabled)"));
    }
    String key = session.getMetadata().getNamespace() + "/" + ActiveSessions.userOf(session);
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      Set<String> active =
          sessions.stream()
              .filter(ActiveSessions::counts)
              .map(s -> s.getMetadata().getUid())
              .collect(Collectors.toSet());
      admitted
          .entrySet()
          .removeIf(e -> e.getValue().user().equals(key) && !active.contains(e.getKey()));
      int open = 0;
      PodRequests used = PodRequests.NONE;
      for (McpSession other : sessions) {
        String otherUid = other.getMetadata().getUid();
        if (otherUid.equals(uid) || !ActiveSessions.counts(other)) {
          continue;
        }
        Optional<PodRequests> holds = holding(other, podOf);
        if (holds.isPresent()) {
          open++;
          used = used.plus(holds.get());
        }
      }
      Optional<Refusal> refusal = check(defaults.quotaOf(user), open, used, requests);
      if (refusal.isEmpty()) {
        admitted.put(uid, new Admitted(key, requests));
      }
      return refusal;
    }
  }

  /** What {@code session} holds: what this process admitted it with, or its pod's requests. */
  private Optional<PodRequests> holding(
      McpSession session, Function<McpSession, Optional<Pod>> podOf) {
    Admitted mine = admitted.get(session.getMetadata().getUid());
    if (mine != null) {
      return Optional.of(mine.requests());
    }
    Optional<Pod> pod = podOf.apply(session);
    if (pod.isPresent()) {
      return Optional.of(PodRequests.of(pod.get()));
    }
    boolean hadPod = session.getStatus() != null && session.getStatus().getPodName() != null;
    return hadPod ? Optional.of(PodRequests.NONE) : Optional.empty();
  }

  static Optional<Refusal> check(UserQuota quota, int open, PodRequests used, PodRequests wanted) {
    Integer sessions = quota.getSessions();
    if (sessions != null && open + 1 > sessions) {
      return refuse(open + " of " + sessions + " sessions open");
    }
    Optional<Refusal> cpu =
        resource("CPU", quota.getCpu(), used.cpu(), wanted.cpu(), PodRequests::cpuQuantity, open);
    return cpu.or(
        () ->
            resource(
                "memory",
                quota.getMemory(),
                used.memory(),
                wanted.memory(),
                PodRequests::memoryQuantity,
                open));
  }

  private static Optional<Refusal> resource(
      String what,
      Quantity limit,
      BigDecimal used,
      BigDecimal wanted,
      Function<BigDecimal, Quantity> format,
      int open) {
    if (limit == null) {
      return Optional.empty();
    }
    BigDecimal max;
    try {
      max = limit.getNumericalAmount();
    } catch (RuntimeException e) {
      return Optional.of(
          new Refusal(
              RefusalReason.QuotaExceeded,
              "the "
                  + what
                  + " quota '"
                  + limit
                  + "' is not a quantity: an administrator must correct the McpUser"));
    }
    if (used.add(wanted).compareTo(max) <= 0) {
      return Optional.empty();
    }
    return refuse(
        format.apply(used)
            + " of "
            + limit
            + " "
            + what
            + " requested by "
            + open
            + " open sessions, a new one needs "
            + format.apply(wanted));
  }

  private static Optional<Refusal> refuse(String usage) {
    return Optional.of(
        new Refusal(
            RefusalReason.QuotaExceeded, usage + ": close one, or ask an administrator for more"));
  }
}
