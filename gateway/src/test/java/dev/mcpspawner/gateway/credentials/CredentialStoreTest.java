package dev.mcpspawner.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.testing.TestingCluster;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store against the mock API: it never reads a Secret (the gateway's Role gives it no get, list
 * or watch on Secrets), yet sets, replaces and deletes each credential and knows which are set.
 */
class CredentialStoreTest {
  static TestingCluster cluster;
  static CredentialStore store;
  static McpUser dana;

  @BeforeAll
  static void start() {
    cluster = new TestingCluster();
    McpUser user = new McpUser();
    user.setMetadata(
        new ObjectMetaBuilder().withName("dana").withNamespace(TestingCluster.NAMESPACE).build());
    McpUserSpec spec = new McpUserSpec();
    spec.setSubject("dana");
    user.setSpec(spec);
    dana = cluster.client().resource(user).create();
    store =
        new CredentialStore(
            cluster.client(),
            TestingCluster.NAMESPACE,
            Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void setReplaceAndDeleteWithoutReadingASecret() throws Exception {
    cluster.takeRequests();
    store.set(dana, "github", "GITHUB_TOKEN", "first");
    store.set(dana, "github", "GITHUB_TOKEN", "second"); // exists: replaced whole
    store.set(dana, "github", "GITHUB_ORG", "acme");
    assertThat(store.setAt("dana", "github"))
        .containsOnlyKeys("GITHUB_TOKEN", "GITHUB_ORG")
        .containsEntry("GITHUB_TOKEN", "2026-12-03T10:00:00Z");
    assertThat(store.delete("dana", "github", "GITHUB_ORG")).isTrue();
    assertThat(store.delete("dana", "github", "GITHUB_ORG")).isFalse();
    assertThat(store.setAt("dana", "github")).containsOnlyKeys("GITHUB_TOKEN");
    List<String> requests = cluster.takeRequests();

    assertThat(requests)
        .as("no GET of a Secret: the gateway may not read them")
        .noneMatch(r -> r.startsWith("GET") && r.contains("/secrets"))
        .anyMatch(r -> r.startsWith("PUT") && r.contains("/secrets/"));
    assertThat(value("GITHUB_TOKEN")).isEqualTo("second");
    assertThat(secret("GITHUB_ORG")).isNull();
    Secret token = secret("GITHUB_TOKEN");
    assertThat(token.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(dana.getMetadata().getUid()));
    assertThat(token.getMetadata().getLabels())
        .containsEntry(McpSpawner.LABEL_USER, "dana")
        .containsEntry(McpSpawner.LABEL_SERVER, "github")
        .containsEntry(McpSpawner.LABEL_COMPONENT, McpSpawner.COMPONENT_CREDENTIALS);
    assertThat(token.getMetadata().getAnnotations())
        .containsEntry(McpSpawner.ANNOTATION_CREDENTIAL, "GITHUB_TOKEN");
  }

  @Test
  void namesTheCrdAllowsButNoLabelOrAnnotationNameCouldHoldAreStored() {
    store.set(dana, "vault", "_PRIVATE_KEY_", "-----BEGIN KEY-----");
    assertThat(store.setAt("dana", "vault")).containsOnlyKeys("_PRIVATE_KEY_");
    assertThat(secret("vault", "_PRIVATE_KEY_").getData()).containsOnlyKeys("_PRIVATE_KEY_");
    assertThat(store.delete("dana", "vault", "_PRIVATE_KEY_")).isTrue();
    assertThat(store.setAt("dana", "vault")).isEmpty();
    McpUser user =
        cluster
            .client()
            .resources(McpUser.class)
            .inNamespace(TestingCluster.NAMESPACE)
            .withName("dana")
            .get();
    java.util.Map<String, String> annotations = user.getMetadata().getAnnotations();
    // Removed (the real API drops a key merge-patched to null; the mock keeps it as null).
    assertThat(annotations == null ? null : annotations.get(McpSpawner.ANNOTATION_CREDENTIALS))
        .isNull();
  }

  @Test
  void anotherUsersCredentialsAreTheirs() {
    store.set(dana, "github", "GITHUB_TOKEN", "danas");
    assertThat(store.setAt("erin", "github")).isEmpty();
    assertThat(store.delete("erin", "github", "GITHUB_TOKEN")).isFalse();
    assertThat(value("GITHUB_TOKEN")).isEqualTo("danas");
  }

  static Secret secret(String name) {
    return secret("github", name);
  }

  static Secret secret(String server, String name) {
    return cluster
        .client()
        .secrets()
        .inNamespace(TestingCluster.NAMESPACE)
        .withName(Names.credentialSecretName("dana", server, name))
        .get();
  }

  static String value(String name) {
    return new String(
        Base64.getDecoder().decode(secret(name).getData().get(name)), StandardCharsets.UTF_8);
  }
}
