package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.testing.Catalog;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SessionUpdateFilterTest {
  final SessionUpdateFilter filter = new SessionUpdateFilter();
  final KubernetesSerialization json = new KubernetesSerialization();

  @Test
  void operatorsOwnStatusPatchWakesNothingButGatewayActivityDoes() {
    McpSession old = Catalog.session("ns", "u", "memory");
    old.getMetadata().setGeneration(1L);

    McpSession statusPatched = json.clone(old);
    statusPatched.setStatus(new McpSessionStatus());
    statusPatched.getStatus().setPhase(SessionPhase.Ready);
    McpSession active = json.clone(old);
    active
        .getMetadata()
        .getAnnotations()
        .put(McpSpawner.ANNOTATION_LAST_ACTIVITY, "2026-03-01T10:00:00Z");
    McpSession respecified = json.clone(old);
    respecified.getMetadata().setGeneration(2L);

    assertThat(filter.accept(statusPatched, old)).isFalse();
    assertThat(filter.accept(active, old)).isTrue();
    assertThat(filter.accept(respecified, old)).isTrue();
  }
}
