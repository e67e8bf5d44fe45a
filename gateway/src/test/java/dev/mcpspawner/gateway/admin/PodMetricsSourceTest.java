package dev.mcpspawner.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.testing.HandClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session pods' actual usage from the metrics API, and nothing where there is none. */
class PodMetricsSourceTest {
  static final String NS = "metered";
  static final String LIST = "/apis/metrics.k8s.io/v1beta1/namespaces/" + NS + "/pods";

  private final KubernetesMockServer server = new KubernetesMockServer(false);
  private final HandClock clock = new HandClock(Instant.parse("2030-01-01T00:00:00Z"));

  PodMetricsSourceTest() {
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.destroy();
  }

  @Test
  void withoutAMetricsApiTheSumIsAbsent() {
    server.expect().get().withPath(LIST).andReturn(404, "{}").always();
    PodMetricsSource source = new PodMetricsSource(server.createClient(), NS, clock);

    assertThat(source.sum(List.of(session(SessionPhase.Ready)))).isNull();
  }

  @Test
  void sumsTheOpenSessionsPodsAndReadsTheListAtMostOncePerMaxAge() {
    McpSession a = session(SessionPhase.Ready);
    McpSession b = session(SessionPhase.Starting);
    McpSession failed = session(SessionPhase.Failed);
    server
        .expect()
        .get()
        .withPath(LIST)
        .andReturn(
            200,
            new PodMetricsListBuilder()
                .withItems(
                    metrics(Names.podName(a.getMetadata().getName()), "250m", "64Mi"),
                    metrics(Names.podName(b.getMetadata().getName()), "500000n", "512Ki"),
                    metrics(Names.podName(failed.getMetadata().getName()), "2", "1Gi"))
                .build())
        .once();
    server.expect().get().withPath(LIST).andReturn(404, "{}").always();
    PodMetricsSource source = new PodMetricsSource(server.createClient(), NS, clock);

    PodMetricsSource.Actual both = source.sum(List.of(a, b, failed));
    assertThat(both).isEqualTo(new PodMetricsSource.Actual("251m", "65Mi", 2));
    assertThat(source.sum(List.of(failed))).as("no open session with a sample").isNull();
    assertThat(server.getRequestCount()).as("one list for both sums").isEqualTo(1);

    clock.advance(PodMetricsSource.MAX_AGE.plus(Duration.ofMillis(1)));
    assertThat(source.sum(List.of(a, b))).as("read again: the API is gone now").isNull();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  private static McpSession session(SessionPhase phase) {
    McpSession s = new McpSession();
    s.setMetadata(
        new ObjectMetaBuilder().withName(Names.newSessionName()).withNamespace(NS).build());
    s.setStatus(new McpSessionStatus());
    s.getStatus().setPhase(phase);
    return s;
  }

  private static PodMetrics metrics(String pod, String cpu, String memory) {
    return new PodMetricsBuilder()
        .withNewMetadata()
        .withName(pod)
        .withNamespace(NS)
        .endMetadata()
        .withContainers(usage("server", cpu, memory))
        .build();
  }

  /** One container's sample: its CPU and memory, in Kubernetes quantities. */
  static ContainerMetrics usage(String container, String cpu, String memory) {
    return new ContainerMetricsBuilder()
        .withName(container)
        .addToUsage("cpu", new Quantity(cpu))
        .addToUsage("memory", new Quantity(memory))
        .build();
  }
}
