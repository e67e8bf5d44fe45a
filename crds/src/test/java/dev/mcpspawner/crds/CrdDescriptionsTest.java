package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every property of every generated CRD has a description, so {@code kubectl explain} helps. */
class CrdDescriptionsTest {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

  static List<String> generatedCrds() {
    return List.of(
        "mcpsessions.mcpspawner.dev-v1.yml",
        "mcpservers.mcpspawner.dev-v1.yml",
        "mcpusers.mcpspawner.dev-v1.yml");
  }

  static CustomResourceDefinition generated(String file) throws IOException {
    return Serialization.unmarshal(
        Files.readString(GENERATED.resolve(file)), CustomResourceDefinition.class);
  }

  @ParameterizedTest
  @MethodSource("generatedCrds")
  void everyPropertyHasADescription(String file) throws IOException {
    CustomResourceDefinition crd = generated(file);
    List<String> missing = new ArrayList<>();
    int[] seen = {0};
    for (var version : crd.getSpec().getVersions()) {
      walk(version.getSchema().getOpenAPIV3Schema(), version.getName() + ":", missing, seen);
    }
    assertThat(missing).as("properties of %s without a description", file).isEmpty();
    // The walk reached the nested levels (a walk that saw nothing would pass trivially).
    assertThat(seen[0]).as("properties walked in %s", file).isGreaterThan(15);
  }

  @ParameterizedTest
  @MethodSource("generatedCrds")
  void conditionsKeepTheirSixFieldsWithTheirTypes(String file) throws IOException {
    CustomResourceDefinition crd = generated(file);
    JSONSchemaProps conditions =
        CustomResourceDefinitionsTest.topLevel(crd, "status").getProperties().get("conditions");
    assertThat(conditions.getType()).isEqualTo("array");
    Map<String, JSONSchemaProps> item = conditions.getItems().getSchema().getProperties();
    assertThat(item)
        .containsOnlyKeys(
            "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
    assertThat(item.get("observedGeneration").getType()).isEqualTo("integer");
    assertThat(item.get("lastTransitionTime").getType()).isEqualTo("string");
  }

  private static void walk(JSONSchemaProps schema, String path, List<String> missing, int[] seen) {
    if (schema == null) {
      return;
    }
    if (schema.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e : schema.getProperties().entrySet()) {
        String at = path + "." + e.getKey();
        seen[0]++;
        if (e.getValue().getDescription() == null || e.getValue().getDescription().isBlank()) {
          missing.add(at);
        }
        walk(e.getValue(), at, missing, seen);
      }
    }
    if (schema.getItems() != null) {
      walk(schema.getItems().getSchema(), path + "[]", missing, seen);
      if (schema.getItems().getJSONSchemas() != null) {
        schema.getItems().getJSONSchemas().forEach(s -> walk(s, path + "[]", missing, seen));
      }
    }
    if (schema.getAdditionalProperties() != null) {
      walk(schema.getAdditionalProperties().getSchema(), path + "{}", missing, seen);
    }
  }
}
