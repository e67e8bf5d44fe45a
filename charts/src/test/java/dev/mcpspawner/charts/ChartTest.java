package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart as a whole: it lints, renders, and every object it renders is one the API takes. */
@EnableKubernetesMockClient(crud = true)
class ChartTest {
  KubernetesClient client;

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of("default values", RenderedChart.withDefaults()),
        Arguments.of("non-default values", RenderedChart.withNonDefaultValues()),
        Arguments.of("examples/values-production.yaml", RenderedChart.withProductionValues()));
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void everyRenderedObjectIsAcceptedByTheApiServer(String name, RenderedChart chart) {
    Crds.register(client);
    List<HasMetadata> created =
        chart.objects().stream()
            .map(
                o ->
                    (HasMetadata)
                        (o instanceof Namespace || o instanceof CustomResourceDefinition
                            ? client.resource(o).create()
                            : client
                                .resource(o)
                                .inNamespace(o.getMetadata().getNamespace())
                                .create()))
            .toList();
    assertThat(created).hasSameSizeAs(chart.objects()).doesNotContainNull();
  }

  @Test
  void separateSessionsNamespaceIsCreatedRestrictedAndKeptOnUninstall() {
    assertThat(RenderedChart.withDefaults().all(Namespace.class)).isEmpty();
    Namespace sessions = RenderedChart.withNonDefaultValues().one(Namespace.class, "mcp-sessions");
    assertThat(sessions.getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("tenant", "ai");
    assertThat(sessions.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(
            RenderedChart.renderWith(
                    Map.of("sessions.namespace", "existing", "sessions.create", false))
                .all(Namespace.class))
        .isEmpty();
  }

  @Test
  void misconfigurationsFailWithAMessageThatSaysWhatToFix() {
    assertThatThrownBy(() -> RenderedChart.renderWith(Map.of("gateway.ingress.enabled", true)))
        .hasMessageContaining("gateway.ingress.hosts needs at least one host");
    assertThatThrownBy(
            () ->
                RenderedChart.renderWith(
                    Map.of("sessions.defaults.resources.limits.nvidia\\.com/gpu", 1)))
        .hasMessageContaining("only cpu, memory and ephemeral-storage");
    assertThatThrownBy(
            () -> RenderedChart.renderWith(Map.of("operator.serviceAccount.create", false)))
        .hasMessageContaining("operator.serviceAccount.name is required");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void everyNamespacedObjectNamesItsNamespace(String name, RenderedChart chart) {
    assertThat(chart.objects())
        .filteredOn(o -> !(o instanceof Namespace || o instanceof CustomResourceDefinition))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isNotBlank());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void grantsNothingClusterWide(String name, RenderedChart chart) {
    assertThat(chart.objects())
        .extracting(HasMetadata::getKind)
        .doesNotContain("ClusterRole", "ClusterRoleBinding")
        .contains("Role", "RoleBinding");
    assertThat(chart.all(Role.class)).isNotEmpty();
  }
}
