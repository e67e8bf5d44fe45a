package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's health as its leader Lease tells it: the active replica renews the Lease every few
 * seconds, so a Lease renewed within its duration means an operator is reconciling, one renewed
 * longer ago means none is (crashed, or cannot reach the API), and no Lease means none ever ran for
 * leader here, or the gateway was not told where it is. Read from the API on each call, so every
 * gateway replica answers the same.
 */
public final class OperatorHealth {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorHealth.class);

  public static final String HEALTHY = "healthy";
  public static final String STALE = "stale";
  public static final String UNKNOWN = "unknown";

  /**
   * What the overview shows.
   *
   * @param status {@code healthy}, {@code stale} or {@code unknown}
   * @param holder the identity of the replica holding the Lease (its pod name)
   * @param renewTime when it last renewed the Lease
   * @param leaseDurationSeconds how long a renewal holds
   * @param reason why the status is {@code unknown} or {@code stale}, in words
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Health(
      String status,
      String holder,
      String renewTime,
      Integer leaseDurationSeconds,
      String reason) {}

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Clock clock;

  /**
   * @param lease {@code <namespace>/<name>}; null: the gateway was not told, always {@code unknown}
   */
  public OperatorHealth(KubernetesClient client, String lease, Clock clock) {
    this.client = client;
    this.clock = clock;
    if (lease == null) {
      this.namespace = null;
      this.name = null;
    } else {
      int slash = lease.indexOf('/');
      if (slash <= 0 || slash == lease.length() - 1) {
        throw new IllegalArgumentException("lease must be <namespace>/<name>: " + lease);
      }
      this.namespace = lease.substring(0, slash);
      this.name = lease.substring(slash + 1);
    }
  }

  public Health now() {
    if (name == null) {
      return new Health(UNKNOWN, null, null, null, "the gateway is not told the operator's Lease");
    }
    Lease lease;
    try {
      lease = client.resources(Lease.class).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      LOG.warn("cannot read the operator's Lease {}/{}: HTTP {}", namespace, name, e.getCode());
      return new Health(
          UNKNOWN, null, null, null, "the Lease cannot be read (HTTP " + e.getCode() + ")");
    }
    if (lease == null || lease.getSpec() == null) {
      return new Health(UNKNOWN, null, null, null, "no Lease " + namespace + "/" + name);
    }
    return of(lease.getSpec(), clock.instant());
  }

  static Health of(LeaseSpec spec, Instant now) {
    String holder = blankToNull(spec.getHolderIdentity());
    Integer seconds = spec.getLeaseDurationSeconds();
    Instant renewed = spec.getRenewTime() == null ? null : spec.getRenewTime().toInstant();
    String renewTime = renewed == null ? null : renewed.toString();
    if (holder == null) {
      return new Health(STALE, null, renewTime, seconds, "no replica holds the Lease");
    }
    if (renewed == null || seconds == null) {
      return new Health(UNKNOWN, holder, renewTime, seconds, "the Lease has no renew time");
    }
    if (renewed.plus(Duration.ofSeconds(seconds)).isBefore(now)) {
      return new Health(
          STALE,
          holder,
          renewTime,
          seconds,
          "not renewed for " + Duration.between(renewed, now).toSeconds() + "s");
    }
    return new Health(HEALTHY, holder, renewTime, seconds, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
