package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

/** The Pod Security Standard `restricted` fields, and then some, that every chart pod carries. */
final class Hardening {
  private Hardening() {}

  static void assertHardened(PodSpec pod) {
    var podContext = pod.getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isEqualTo(10001L);
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    for (Container container : pod.getContainers()) {
      var context = container.getSecurityContext();
      assertThat(context.getRunAsNonRoot()).isTrue();
      assertThat(context.getRunAsUser()).isEqualTo(10001L);
      assertThat(context.getAllowPrivilegeEscalation()).isFalse();
      assertThat(context.getReadOnlyRootFilesystem()).isTrue();
      assertThat(context.getPrivileged()).isFalse();
      assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(container.getResources().getLimits()).containsKeys("memory", "ephemeral-storage");
      // A read-only root needs somewhere to write: a sized /tmp.
      assertThat(container.getVolumeMounts())
          .filteredOn(m -> m.getMountPath().equals("/tmp"))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(pod.getVolumes())
                      .filteredOn(v -> v.getName().equals(m.getName()))
                      .singleElement()
                      .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isNotNull()));
    }
  }
}
