package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcpspawner.crds.McpSession;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The session pods' actual CPU and memory, from the cluster's metrics API ({@code metrics.k8s.io}:
 * metrics-server in a cluster; local mode serves the same from its processes): one list of the
 * namespace's PodMetrics, kept for {@link #MAX_AGE} (the metrics API samples every 15 s or so), so
 * the dashboard's pages drawn every 10 s cost one list per replica at most every 5 s. Every replica
 * reads the same API. Nothing when the cluster has no metrics API (404), the gateway may not list
 * it (403) or it is not serving (503).
 */
public final class PodMetricsSource {
  static final Duration MAX_AGE = Duration.ofSeconds(5);
  private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024L);

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;
  private volatile Snapshot last;

  /** The namespace's pod samples by pod name (null: no metrics API) as read {@code at}. */
  private record Snapshot(Instant at, Map<String, PodMetrics> byPod) {}

  public PodMetricsSource(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  /**
   * What a set of session pods use together now.
   *
   * @param cpu millicores, e.g. {@code 12m}
   * @param memory working set, mebibytes rounded up, e.g. {@code 34Mi}
   * @param pods how many of the open sessions' pods had a sample (the sum covers those)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Actual(String cpu, String memory, int pods) {}

  /**
   * The sum over the pods of the open ones of {@code sessions}; null when the metrics API is absent
   * or has a sample of none of them (an absent field, not a zero).
   */
  public Actual sum(Collection<McpSession> sessions) {
    Map<String, PodMetrics> byPod = byPod();
    if (byPod == null || byPod.isEmpty()) {
      return null;
    }
    BigDecimal cores = BigDecimal.ZERO;
    BigDecimal bytes = BigDecimal.ZERO;
    int pods = 0;
    for (McpSession s : sessions) {
      PodMetrics m = SessionFacts.isOpen(s) ? byPod.get(SessionFacts.podName(s)) : null;
      if (m != null) {
        cores = cores.add(cores(m));
        bytes = bytes.add(bytes(m));
        pods++;
      }
    }
    return pods == 0 ? null : new Actual(millicores(cores), mebibytes(bytes), pods);
  }

  /** The namespace's samples by pod name, at most {@link #MAX_AGE} old; null: no metrics API. */
  Map<String, PodMetrics> byPod() {
    Instant now = clock.instant();
    Snapshot s = last;
    if (s != null && now.isBefore(s.at().plus(MAX_AGE)) && !now.isBefore(s.at())) {
      return s.byPod();
    }
    synchronized (this) {
      s = last;
      if (s != null && now.isBefore(s.at().plus(MAX_AGE)) && !now.isBefore(s.at())) {
        return s.byPod();
      }
      Map<String, PodMetrics> read = read();
      last = new Snapshot(now, read);
      return read;
    }
  }

  private Map<String, PodMetrics> read() {
    try {
      var list = client.top().pods().metrics(namespace);
      Map<String, PodMetrics> byPod = new HashMap<>();
      for (PodMetrics m : list.getItems() == null ? List.<PodMetrics>of() : list.getItems()) {
        if (m.getMetadata() != null && m.getMetadata().getName() != null) {
          byPod.put(m.getMetadata().getName(), m);
        }
      }
      return byPod;
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  /** CPU cores of the pod's containers together. */
  static BigDecimal cores(PodMetrics m) {
    return total(m, "cpu");
  }

  /** Memory (working set, bytes) of the pod's containers together. */
  static BigDecimal bytes(PodMetrics m) {
    return total(m, "memory");
  }

  static String millicores(BigDecimal cores) {
    return cores.movePointRight(3).setScale(0, RoundingMode.CEILING).toPlainString() + "m";
  }

  static String mebibytes(BigDecimal bytes) {
    return bytes.divide(MI, 0, RoundingMode.CEILING).toPlainString() + "Mi";
  }

  private static BigDecimal total(PodMetrics m, String resource) {
    BigDecimal sum = BigDecimal.ZERO;
    for (ContainerMetrics c :
        m.getContainers() == null ? List.<ContainerMetrics>of() : m.getContainers()) {
      Quantity q = c.getUsage() == null ? null : c.getUsage().get(resource);
      if (q != null) {
        try {
          sum = sum.add(q.getNumericalAmount());
        } catch (RuntimeException e) {
          // not a quantity: counted as nothing
        }
      }
    }
    return sum;
  }
}
