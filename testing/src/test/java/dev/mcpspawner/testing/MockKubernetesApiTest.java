package dev.mcpspawner.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import org.junit.jupiter.api.Test;

class MockKubernetesApiTest {
  private static Event event(String name, String about) {
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .endMetadata()
        .withNewInvolvedObject()
        .withKind("McpSession")
        .withName(about)
        .endInvolvedObject()
        .withReason("Test")
        .build();
  }

  @Test
  void eventsAreSelectedByTheirInvolvedObjectAsTheRealApiDoes() {
    try (MockKubernetesApi api = MockKubernetesApi.builder().start()) {
      api.client().resource(event("e1", "alice-a")).create();
      api.client().resource(event("e2", "bob-b")).create();
      api.client().resource(event("e3", "alice-a")).create();

      var selected =
          api.client()
              .v1()
              .events()
              .inNamespace("ns")
              .withField("involvedObject.name", "alice-a")
              .list()
              .getItems();

      assertThat(selected).extracting(e -> e.getMetadata().getName()).containsOnly("e1", "e3");
      assertThat(api.client().v1().events().inNamespace("ns").list().getItems()).hasSize(3);
    }
  }

  @Test
  void expectationsAnswerBeforeTheStoreAndTheStoreKeepsWhatIsWritten() {
    try (MockKubernetesApi api = MockKubernetesApi.builder().leaseRulesReview().start()) {
      api.client()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("c")
                  .withNamespace("ns")
                  .endMetadata()
                  .addToData("k", "v")
                  .build())
          .create();
      try (var other = api.newClient()) {
        assertThat(other.configMaps().inNamespace("ns").withName("c").get().getData())
            .containsEntry("k", "v");
        var review =
            other
                .authorization()
                .v1()
                .selfSubjectRulesReview()
                .create(
                    new io.fabric8.kubernetes.api.model.authorization.v1
                            .SelfSubjectRulesReviewBuilder()
                        .withNewSpec()
                        .withNamespace("ns")
                        .endSpec()
                        .build());
        assertThat(review.getStatus().getResourceRules())
            .anySatisfy(r -> assertThat(r.getResources()).containsExactly("leases"));
      }
    }
  }

  @Test
  void aRecordedClientRecordsItsCallsAndTheOwnClientDoesNot() {
    ApiCallRecorder recorder = new ApiCallRecorder();
    try (MockKubernetesApi api = MockKubernetesApi.builder().start();
        var recorded = api.newClient(recorder)) {
      api.client().configMaps().inNamespace("ns").list();
      recorded.configMaps().inNamespace("ns").withName("missing").get();
      assertThat(recorder.calls()).containsExactly("get core configmaps");
    }
  }

  @Test
  void aPortOutOfRangeIsRefusedByName() {
    assertThatThrownBy(() -> MockKubernetesApi.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }
}
