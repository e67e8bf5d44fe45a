package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionSpec;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.OperatorOptions;
import dev.mcpspawner.operator.session.SandboxPod;
import dev.mcpspawner.operator.session.SessionPlan;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** templates/operator: the operator Deployment and what it is told. */
class OperatorTemplatesTest {

  @Test
  void operatorPodIsHardenedLikeASessionPod() {
    for (RenderedChart chart :
        new RenderedChart[] {RenderedChart.withDefaults(), RenderedChart.withNonDefaultValues()}) {
      Hardening.assertHardened(operator(chart).getSpec().getTemplate().getSpec());
    }
  }

  @Test
  void probesAndMetricsAreServedOnPort8081() {
    PodSpec pod = operator(RenderedChart.withDefaults()).getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8081);
            });
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(
            operator(RenderedChart.withDefaults())
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsEntry("prometheus.io/port", "8081")
        .containsEntry("prometheus.io/path", "/metrics");
    assertThat(env(container)).containsEntry("MCP_SPAWNER_HTTP_PORT", "8081");
  }

  @Test
  void operatorReadsTheDefaultsTheChartSets() {
    RenderedChart chart = RenderedChart.withDefaults();
    OperatorConfig config = OperatorConfig.fromEnv(runtimeEnv(operator(chart)));

    assertThat(config.namespaces()).containsExactly(RenderedChart.NAMESPACE);
    assertThat(config.runnerImage()).isEqualTo("ghcr.io/mcp-spawner/runner:0.1.0");
    assertThat(config.httpPort()).isEqualTo(8081);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.maxLifetime()).isEqualTo(Duration.ofHours(8));
    assertThat(config.homeStorageClass()).isNull();
    assertThat(config.homeAccessMode()).isEqualTo(AccessMode.ReadWriteOnce);
  }

  /**
   * A variable the chart sets that the operator does not declare would be silently ignored. {@code
   * JAVA_TOOL_OPTIONS} is the JVM's own.
   */
  @Test
  void everyVariableTheChartSetsIsAnOptionTheOperatorReads() {
    for (RenderedChart chart :
        java.util.List.of(RenderedChart.withDefaults(), RenderedChart.withNonDefaultValues())) {
      Container container =
          operator(chart).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getEnv())
          .extracting(EnvVar::getName)
          .filteredOn(name -> !name.equals("JAVA_TOOL_OPTIONS"))
          .isSubsetOf(OperatorOptions.ALL.names());
    }
  }

  @Test
  void operatorReadsEveryValueAnInstallationChanges() {
    Deployment deployment = operator(RenderedChart.withNonDefaultValues());
    OperatorConfig config = OperatorConfig.fromEnv(runtimeEnv(deployment));

    assertThat(config.namespaces()).isEqualTo(Set.of("mcp-sessions"));
    assertThat(config.runnerImage())
        .isEqualTo(
            "registry.example.com/mcp/runner@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(45));
    assertThat(config.maxLifetime()).isEqualTo(Duration.ofHours(12));
    assertThat(config.startTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.homeSize()).isEqualTo("5Gi");
    assertThat(config.homeStorageClass()).isEqualTo("fast-rwx");
    assertThat(config.homeAccessMode()).isEqualTo(AccessMode.ReadWriteMany);
    assertThat(config.defaultRuntimeClassName()).isEqualTo("gvisor");
    assertThat(config.tmpSize()).isEqualTo("512Mi");
    assertThat(config.defaultLimits()).containsEntry("memory", new Quantity("2Gi"));
    assertThat(config.defaultRequests()).containsEntry("cpu", new Quantity("100m"));
    assertThat(config.reconcileThreads()).isEqualTo(20);
    assertThat(config.identity()).isEqualTo("pod-from-field-ref");
  }

  @Test
  void twoReplicasShareTheWorkThroughLeaderElection() {
    Deployment deployment = operator(RenderedChart.withNonDefaultValues());
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(container)).containsEntry("MCP_SPAWNER_LEADER_ELECTION", "true");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
  }

  @Test
  void imageAndSchedulingComeFromValues() {
    Deployment deployment = operator(RenderedChart.withNonDefaultValues());
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example.com/mcp/operator:1.2.3");
    assertThat(container.getImagePullPolicy()).isEqualTo("Always");
    assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
    assertThat(pod.getNodeSelector()).containsEntry("node-role.example.com/control", "true");
    assertThat(pod.getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getImagePullSecrets())
        .extracting(s -> s.getName())
        .containsExactly("registry-credentials");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "platform");
  }

  @Test
  void sessionPodsArePulledAndPlacedAsTheValuesSay() {
    Pod pod = sessionPod(RenderedChart.withNonDefaultValues());
    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting(s -> s.getName())
        .containsExactly("sessions-registry");
    assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getNodeSelector())
        .containsExactly(Map.entry("node-pool", "mcp-sandbox"));
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("mcp-sandbox");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("mcp-sessions");
    assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
  }

  @Test
  void sessionPodsGetTheReleasePullSecretsUnlessToldOthers() {
    Pod plain = sessionPod(RenderedChart.withDefaults());
    assertThat(plain.getSpec().getImagePullSecrets()).isEmpty();
    assertThat(plain.getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(plain.getSpec().getTolerations()).isEmpty();
    assertThat(plain.getSpec().getPriorityClassName()).isNull();
    assertThat(plain.getSpec().getContainers().get(0).getImagePullPolicy())
        .isEqualTo("IfNotPresent");
    RenderedChart inherited =
        RenderedChart.renderWith(Map.of("imagePullSecrets[0].name", "registry-credentials"));
    assertThat(sessionPod(inherited).getSpec().getImagePullSecrets())
        .extracting(s -> s.getName())
        .containsExactly("registry-credentials");
    assertThatThrownBy(
            () -> RenderedChart.renderWith(Map.of("sessions.pod.imagePullPolicy", "Sometimes")))
        .hasMessageContaining("values don't meet the specifications of the schema");
  }

  /** The pod the operator would create for a session, told what the chart's Deployment tells it. */
  static Pod sessionPod(RenderedChart chart) {
    OperatorConfig config = OperatorConfig.fromEnv(runtimeEnv(operator(chart)));
    McpServer server = new McpServer();
    server.setMetadata(new ObjectMetaBuilder().withName("memory").withNamespace("ns").build());
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    server.setSpec(spec);
    McpSession session = new McpSession();
    session.setMetadata(new ObjectMetaBuilder().withName("mcp-1").withNamespace("ns").build());
    session.setSpec(new McpSessionSpec("alice", "memory"));
    return SandboxPod.of(SessionPlan.of(session, server, config));
  }

  @Test
  void operatorRunsAsItsOwnServiceAccount() {
    RenderedChart chart = RenderedChart.withDefaults();
    ServiceAccount account = chart.one(ServiceAccount.class, "-operator");
    assertThat(operator(chart).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account.getMetadata().getName());
    assertThat(account.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
  }

  static Deployment operator(RenderedChart chart) {
    return chart.one(Deployment.class, "-operator");
  }

  static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  /** The environment as the kubelet would give it (field references resolved). */
  static Map<String, String> runtimeEnv(Deployment deployment) {
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    Map<String, String> env = env(container);
    for (EnvVar var : container.getEnv()) {
      if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
        String path = var.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            var.getName(),
            switch (path) {
              case "metadata.namespace" -> deployment.getMetadata().getNamespace();
              case "metadata.name" -> "pod-from-field-ref";
              case "status.podIP" -> "10.0.0.7";
              default -> throw new AssertionError("unexpected field reference " + path);
            });
      }
    }
    return env;
  }
}
