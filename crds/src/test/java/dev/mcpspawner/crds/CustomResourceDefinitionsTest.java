package dev.mcpspawner.crds;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CustomResourceDefinitionsTest {
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  static final Path CHART = Path.of("../charts/mcp-spawner/crds");

  KubernetesClient client;

  @Test
  void chartCopyOfTheCrdsIsNotStale() throws IOException {
    for (String file :
        new String[] {
          "mcpsessions.mcpspawner.dev-v1.yml",
          "mcpservers.mcpspawner.dev-v1.yml",
          "mcpusers.mcpspawner.dev-v1.yml"
        }) {
      assertThat(Files.readString(CHART.resolve(file)))
          .as(
              "charts/mcp-spawner/crds/%s is stale: run ./mvnw -pl crds process-classes"
                  + " -Pupdate-crds and commit it",
              file)
          .isEqualTo(Files.readString(GENERATED.resolve(file)));
    }
  }

  @Test
  void sessionCrdHasStatusSubresourceShortNameAndColumnsInOrder() throws IOException {
    CustomResourceDefinition crd = load("mcpsessions.mcpspawner.dev-v1.yml");
    assertStatusShortNameAndColumns(
        crd, "mcps", "USER", "SERVER", "CLIENT", "PHASE", "IDLE", "AGE");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
  }

  @Test
  void userCrdHasStatusShortNameColumnsAndQuantitiesAsQuantities() throws IOException {
    CustomResourceDefinition crd = load("mcpusers.mcpspawner.dev-v1.yml");
    assertStatusShortNameAndColumns(
        crd, "mcpu", "USER", "DISABLED", "SESSIONS", "LAST SEEN", "AGE");
    var quota = topLevel(crd, "spec").getProperties().get("quota").getProperties();
    assertThat(quota.get("sessions").getMinimum()).isEqualTo(0.0);
    assertThat(quota.get("cpu").getXKubernetesIntOrString()).isTrue();
  }

  @Test
  void serverCrdValidatesEnumsAndDurations() throws IOException {
    CustomResourceDefinition crd = load("mcpservers.mcpspawner.dev-v1.yml");
    var spec = topLevel(crd, "spec");
    assertThat(spec.getProperties().get("transport").getEnum())
        .extracting(Object::toString)
        .contains("\"stdio\"", "\"streamable-http\"");
    assertThat(spec.getProperties().get("idleTimeout").getPattern()).isEqualTo(Durations.PATTERN);
    assertThat(spec.getProperties().get("access").getProperties())
        .containsOnlyKeys("users", "groups");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("mcpsrv");
  }

  @Test
  void sessionRoundTripsThroughTheApiWithItsStatus() throws IOException {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(load("mcpsessions.mcpspawner.dev-v1.yml"))
        .create();
    McpSession session = new McpSession();
    session.setMetadata(
        new ObjectMetaBuilder().withName(Names.newSessionName()).withNamespace("ns").build());
    session.setSpec(new McpSessionSpec("alice@example.com", "memory"));
    session.getSpec().setClient(new ClientInfo("claude-ai", "1.0"));
    McpSession created = client.resource(session).create();
    created.setStatus(new McpSessionStatus());
    created.getStatus().setPhase(SessionPhase.Starting);
    client.resource(created).updateStatus();

    McpSession read =
        client
            .resources(McpSession.class)
            .inNamespace("ns")
            .withName(session.getMetadata().getName())
            .get();
    assertThat(read.getSpec().getUser()).isEqualTo("alice@example.com");
    assertThat(read.getSpec().getClient().getName()).isEqualTo("claude-ai");
    assertThat(read.getStatus().getPhase()).isEqualTo(SessionPhase.Starting);
  }

  /**
   * The top-level property {@code name} (spec, status) of the schema of the CRD's first version.
   */
  static JSONSchemaProps topLevel(CustomResourceDefinition crd, String name) {
    return crd.getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get(name);
  }

  /** A status subresource, {@code shortName} alone, and the printer columns in this order. */
  private static void assertStatusShortNameAndColumns(
      CustomResourceDefinition crd, String shortName, String... columns) {
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(shortName);
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .containsExactly(columns);
  }

  private static CustomResourceDefinition load(String file) throws IOException {
    return Serialization.unmarshal(
        Files.readString(GENERATED.resolve(file)), CustomResourceDefinition.class);
  }
}
