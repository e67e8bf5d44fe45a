package dev.mcpspawner.oauth.testing;

import dev.mcpspawner.testing.MockKubernetesApi;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A Kubernetes API for one test class ({@link MockKubernetesApi}) and the gateway's namespace. */
public final class TestingApi implements AutoCloseable {
  public static final String NAMESPACE = "mcp-gateway";

  private final MockKubernetesApi api = MockKubernetesApi.builder().start();

  public KubernetesClient client() {
    return api.client();
  }

  @Override
  public void close() {
    api.close();
  }
}
