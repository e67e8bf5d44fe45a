package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.Egress;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.RunnerContract;
import dev.mcpspawner.crds.SecretEnvSource;
import dev.mcpspawner.crds.SessionDirPolicy;
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
              assertThat(e.getName()).isEqualTo(RunnerContract.ENV_SESSION_DIR_POLICY);
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

  private static Pod pod(McpServerSpec spec) {
    var session = Catalog.session(NS, "mcp-test", "user", "srv", "claude-ai");
    return SandboxPod.of(
        SessionPlan.of(session, Catalog.server(NS, "srv", spec), OperatorConfig.defaults()));
  }
}
