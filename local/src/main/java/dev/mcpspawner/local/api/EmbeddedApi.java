package dev.mcpspawner.local.api;

import dev.mcpspawner.testing.MockKubernetesApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Kubernetes API of local mode: the fabric8 mock server in CRUD mode on loopback ({@link
 * MockKubernetesApi}, as the tests start it), with the mcp-spawner CRDs registered (so {@code
 * /status} is a subresource) and discovery documents for kubectl. It keeps everything in memory: a
 * restart of local mode starts from an empty API.
 */
public final class EmbeddedApi implements AutoCloseable {
  private final MockKubernetesApi api;

  private EmbeddedApi(int port) {
    api =
        MockKubernetesApi.builder()
            .port(port)
            .mcpSpawnerCrds()
            .leaseRulesReview()
            .dispatcher(Discovery::new)
            .start();
  }

  /** Starts the API on {@code port} of loopback (0: any free port). */
  public static EmbeddedApi start(int port) {
    return new EmbeddedApi(port);
  }

  /** A client for one component; each gets its own, as separate processes would. */
  public KubernetesClient newClient() {
    return api.newClient();
  }

  /** The client local mode itself uses (catalog, namespace); closed with the API. */
  public KubernetesClient client() {
    return api.client();
  }

  public String url() {
    return api.url();
  }

  public void createNamespace(String name) {
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** Writes a kubeconfig for the embedded API (no credentials: it accepts anyone on loopback). */
  public Path writeKubeconfig(Path file, String namespace) throws IOException {
    String yaml =
        """
        # Local mode's embedded Kubernetes API (fabric8 mock server, in memory, for evaluation
        # and tests only). Rewritten on every start: the port changes.
        apiVersion: v1
        kind: Config
        clusters:
          - name: mcp-spawner-local
            cluster:
              server: %s
        users:
          - name: local
            user: {}
        contexts:
          - name: mcp-spawner-local
            context:
              cluster: mcp-spawner-local
              user: local
              namespace: %s
        current-context: mcp-spawner-local
        """
            .formatted(url(), namespace);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    return file;
  }

  /** The configuration a client in another process would use. */
  public Config config() {
    return api.config();
  }

  @Override
  public void close() {
    api.close();
  }
}
