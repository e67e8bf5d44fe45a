package dev.mcpspawner.operator.user;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** The CPU (cores) and memory (bytes) a session pod requests, which the user quota adds up. */
public record PodRequests(BigDecimal cpu, BigDecimal memory) {
  public static final PodRequests NONE = new PodRequests(BigDecimal.ZERO, BigDecimal.ZERO);
  private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024);
  private static final BigDecimal GI = MI.multiply(BigDecimal.valueOf(1024));
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  public static PodRequests of(Map<String, Quantity> requests) {
    return new PodRequests(amount(requests, "cpu"), amount(requests, "memory"));
  }

  /** What the pod's containers request together, as the scheduler counts it. */
  public static PodRequests of(Pod pod) {
    PodRequests sum = NONE;
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getResources() != null && c.getResources().getRequests() != null) {
        sum = sum.plus(of(c.getResources().getRequests()));
      }
    }
    return sum;
  }

  public PodRequests plus(PodRequests other) {
    return new PodRequests(cpu.add(other.cpu), memory.add(other.memory));
  }

  public static Quantity cpuQuantity(BigDecimal cores) {
    BigDecimal milli = cores.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
    return milli.remainder(THOUSAND).signum() == 0
        ? new Quantity(milli.divide(THOUSAND).toPlainString())
        : new Quantity(milli.toPlainString() + "m");
  }

  public static Quantity memoryQuantity(BigDecimal bytes) {
    if (bytes.signum() != 0 && bytes.remainder(GI).signum() == 0) {
      return new Quantity(bytes.divide(GI).toPlainString() + "Gi");
    }
    if (bytes.signum() != 0 && bytes.remainder(MI).signum() == 0) {
      return new Quantity(bytes.divide(MI).toPlainString() + "Mi");
    }
    return new Quantity(bytes.setScale(0, RoundingMode.CEILING).toPlainString());
  }

  private static BigDecimal amount(Map<String, Quantity> requests, String name) {
    Quantity q = requests == null ? null : requests.get(name);
    return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
  }
}
