package dev.mcpspawner.operator.testing;

import dev.mcpspawner.testing.ApiCallRecorder;
import dev.mcpspawner.testing.MockKubernetesApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/**
 * The mock API for operator tests ({@link MockKubernetesApi} with the mcp-spawner CRDs and the
 * Lease rules review), a client for the test and a recorded client for the operator.
 */
public final class MockApi implements AutoCloseable {
  private final MockKubernetesApi api =
      MockKubernetesApi.builder().mcpSpawnerCrds().leaseRulesReview().start();
  private final ApiCallRecorder recorder = new ApiCallRecorder();

  private MockApi() {}

  public static MockApi start() {
    return new MockApi();
  }

  /** The test's own client: its calls are not recorded. */
  public KubernetesClient client() {
    return api.client();
  }

  /** A fresh client for an operator; every call it makes is recorded. */
  public KubernetesClient operatorClient() {
    return api.newClient(recorder);
  }

  /** For expectations that the CRUD mode cannot express (answered before CRUD). */
  public KubernetesMockServer server() {
    return api.server();
  }

  public ApiCallRecorder recorder() {
    return recorder;
  }

  @Override
  public void close() {
    api.close();
  }
}
