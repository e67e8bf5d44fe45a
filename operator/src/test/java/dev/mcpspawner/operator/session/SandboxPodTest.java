package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.contracts.SessionDirPolicy;
import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.Egress;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SecretEnvSource;
import dev.mcpspawner.crds.Storage;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.testing.Catalog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an McpServer's optional fields do to the pod, built without an API server. */
class SandboxPodTest {
  static final String NS = "ns";

  @Test
  void serverSettingsReachThePodAndDefaultsFillTheRest() {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("uvx");
    spec.setImage("example/tools:3");
    spec.setRuntimeClassName("gvisor");
    spec.setEgress(Egress.INTERNET);
    spec.setSessionDirPolicy(SessionDirPolicy.KEEP);
    spec.setResources(
        new ResourceRequirementsBuilder()
            .withLimits(Map.of("memory", new Quantity("2Gi")))
            .build());
    SecretEnvSource github = new SecretEnvSource("github-token");
    github.setPrefix("GH_");
    spec.setEnvFrom(List.of(github));
    Storage storage = new Storage();
    storage.setAccessMode(AccessMode.ReadWriteMany);
    storage.setMountPath("/data");
    spec.setStorage(storage);

    Pod pod = pod(spec);

    var mcp = pod.getSpec().getContainers().get(0);
    assertThat(mcp.getImage()).isEqualTo("example/tools:3");
    assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
    assertThat(pod.getMetadata().getLabels()).containsEntry(McpSpawner.LABEL_EGRESS, "internet");
    assertThat(mcp.getResources().getLimits())
        .containsEntry("memory", new Quantity("2Gi"))
        .containsEntry("ephemeral-storage", new Quantity("1Gi"))
        .containsEntry("cpu", new Quantity("1"));
    assertThat(mcp.getEnvFrom())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getPrefix()).isEqualTo("GH_");
              assertThat(e.getSecretRef().getName()).isEqualTo("github-token");
            });
    assertThat(mcp.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo(RunnerContract.Env.SESSION_DIR_POLICY.name());
              assertThat(e.getValue()).isEqualTo("keep");
            });
    // ReadWriteMany: the user's pods may run on any node.
    assertThat(pod.getSpec().getAffinity()).isNull();
    assertThat(mcp.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/data"));
  }

  @Test
  void endpointComesFromThePodsPortAndPathAnnotation() {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    Pod pod = pod(spec);
    assertThat(SandboxPod.endpoint(pod, "10.0.0.7")).isEqualTo("http://10.0.0.7:8080/mcp");
    assertThat(SandboxPod.endpoint(pod, "fd00::7")).isEqualTo("http://[fd00::7]:8080/mcp");
  }

  @Test
  void sessionPodsArePulledAndPlacedWhereTheOperatorIsTold() {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of(
                SessionPodDefaults.ENV_IMAGE_PULL_SECRETS,
                "registry-a, registry-b",
                SessionPodDefaults.ENV_IMAGE_PULL_POLICY,
                "Always",
                SessionPodDefaults.ENV_NODE_SELECTOR,
                "{\"pool\":\"sandbox\"}",
                SessionPodDefaults.ENV_TOLERATIONS,
                "[{\"key\":\"sandbox\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]",
                SessionPodDefaults.ENV_PRIORITY_CLASS,
                "mcp-sessions",
                "MCP_SPAWNER_RUNTIME_CLASS",
                "gvisor"));
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");

    Pod pod = pod(spec, config);

    assertThat(pod.getSpec().getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("registry-a", "registry-b");
    assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getNodeSelector()).containsExactly(Map.entry("pool", "sandbox"));
    assertThat(pod.getSpec().getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("sandbox");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("mcp-sessions");
    assertThat(pod.getSpec().getRuntimeClassName()).isEqualTo("gvisor");
  }

  @Test
  void withoutPlacementSettingsThePodLeavesSchedulingToTheCluster() {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");

    Pod pod = pod(spec);

    assertThat(pod.getSpec().getImagePullSecrets()).isEmpty();
    assertThat(pod.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(pod.getSpec().getNodeSelector()).isNullOrEmpty();
    assertThat(pod.getSpec().getTolerations()).isEmpty();
    assertThat(pod.getSpec().getPriorityClassName()).isNull();
    assertThat(pod.getSpec().getRuntimeClassName()).isNull();
  }

  /**
   * The runner's contract, from the operator's side: the pod sets exactly the contract's operator
   * variables (each one the runner reads), and the server's command is the container's args.
   */
  @Test
  void thePodSetsExactlyTheRunnersOperatorVariables() {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    spec.setArgs(List.of("-y", "some-server"));
    Pod pod = pod(spec);
    List<String> set =
        pod.getSpec().getContainers().get(0).getEnv().stream()
            .map(e -> e.getName())
            .filter(name -> name.startsWith(RunnerContract.ENV_PREFIX))
            .toList();
    assertThat(set).doesNotHaveDuplicates();
    assertThat(set).containsExactlyInAnyOrderElementsOf(RunnerContract.OPERATOR_ENV.names());
    assertThat(pod.getSpec().getContainers().get(0).getArgs())
        .containsExactly("npx", "-y", "some-server");
  }

  private static Pod pod(McpServerSpec spec) {
    return pod(spec, OperatorConfig.defaults());
  }

  private static Pod pod(McpServerSpec spec, OperatorConfig config) {
    var session = Catalog.session(NS, "mcp-test", "user", "srv", "claude-ai");
    return SandboxPod.of(SessionPlan.of(session, Catalog.server(NS, "srv", spec), config));
  }
}
