package dev.mcpspawner.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  @Test
  void transitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> conditions = new ArrayList<>();
    Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

    Conditions.set(conditions, "PodReady", false, "Starting", "waiting", 1L, t0);
    Conditions.set(
        conditions, "PodReady", false, "Unschedulable", "no node", 2L, t0.plusSeconds(5));
    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
              assertThat(c.getReason()).isEqualTo("Unschedulable");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });

    Conditions.set(conditions, "PodReady", true, "Ready", "ok", 2L, t0.plusSeconds(9));
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2026-03-01T10:00:09Z");
  }
}
