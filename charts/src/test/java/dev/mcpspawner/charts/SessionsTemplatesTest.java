package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * templates/sessions-quota.yaml: the namespace-wide ceiling on the sessions namespace is there only
 * when asked for, with the totals given, beside a LimitRange with the session defaults.
 */
class SessionsTemplatesTest {

  @Test
  void noQuotaOrLimitRangeByDefault() {
    RenderedChart chart = RenderedChart.withDefaults();
    assertThat(chart.all(ResourceQuota.class)).isEmpty();
    assertThat(chart.all(LimitRange.class)).isEmpty();
  }

  @Test
  void theQuotaCarriesTheGivenTotalsInTheSessionsNamespace() {
    ResourceQuota quota =
        RenderedChart.withNonDefaultValues().one(ResourceQuota.class, "-sessions");
    assertThat(quota.getMetadata().getNamespace()).isEqualTo("mcp-sessions");
    // values-non-default.yaml sets these and drops limits.cpu (null); other defaults stay
    assertThat(quota.getSpec().getHard())
        .containsAllEntriesOf(
            Map.of(
                "pods", new Quantity("50"),
                "requests.cpu", new Quantity("8"),
                "requests.memory", new Quantity("16Gi"),
                "count/secrets", new Quantity("200"),
                "limits.memory", new Quantity("100Gi")))
        .doesNotContainKey("limits.cpu");
  }

  @Test
  void theLimitRangeGivesContainersTheSessionDefaults() {
    LimitRange range = RenderedChart.withNonDefaultValues().one(LimitRange.class, "-sessions");
    assertThat(range.getMetadata().getNamespace()).isEqualTo("mcp-sessions");
    LimitRangeItem item = range.getSpec().getLimits().get(0);
    assertThat(item.getType()).isEqualTo("Container");
    // values-non-default.yaml: sessions.defaults.resources
    assertThat(item.getDefaultRequest()).containsEntry("cpu", new Quantity("100m"));
    assertThat(item.getDefault()).containsKey("memory");
  }

  @Test
  void theDefaultTotalsRenderInTheReleaseNamespaceAndTheLimitRangeCanBeLeftOut() {
    RenderedChart chart =
        RenderedChart.renderWith(
            Map.of(
                "sessions.resourceQuota.enabled", "true",
                "sessions.resourceQuota.limitRange", "false"));
    ResourceQuota quota = chart.one(ResourceQuota.class, "-sessions");
    assertThat(quota.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(quota.getSpec().getHard())
        .containsKeys("pods", "requests.cpu", "requests.memory", "limits.memory")
        .containsEntry("pods", new Quantity("200"));
    assertThat(chart.all(LimitRange.class)).isEmpty();
  }
}
