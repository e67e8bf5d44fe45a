package dev.mcpspawner.charts;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The generated CRDs the chart ships in crds/. */
final class Crds {
  static final Path DIR = RenderedChart.CHART.resolve("crds");
  static final String SESSIONS = "mcpsessions.mcpspawner.dev-v1.yml";
  static final String SERVERS = "mcpservers.mcpspawner.dev-v1.yml";

  private Crds() {}

  static CustomResourceDefinition load(String file) {
    try {
      return new KubernetesSerialization()
          .unmarshal(Files.readString(DIR.resolve(file)), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers both CRDs, so that the mock serves the custom resources with /status. */
  static void register(KubernetesClient client) {
    for (String file : List.of(SESSIONS, SERVERS)) {
      client.apiextensions().v1().customResourceDefinitions().resource(load(file)).create();
    }
  }
}
