package dev.mcpspawner.operator.session;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.RunnerKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key runner tokens are derived from ({@link RunnerContract#KEY_SECRET}), read once per
 * namespace, and created there when missing: random, owned by nobody (it outlives every session),
 * never logged. Operators racing to create it converge on whichever was created first.
 */
final class RunnerKey {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int ATTEMPTS = 3;

  private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

  byte[] of(KubernetesClient client, String namespace) {
    return keys.computeIfAbsent(namespace, ns -> readOrCreate(client, ns));
  }

  private static byte[] readOrCreate(KubernetesClient client, String namespace) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Secret existing =
          client.secrets().inNamespace(namespace).withName(RunnerContract.KEY_SECRET).get();
      if (existing != null) {
        return RunnerKeys.key(existing);
      }
      byte[] key = new byte[RunnerContract.KEY_BYTES];
      RANDOM.nextBytes(key);
      try {
        client.resource(keySecret(namespace, key)).create();
        return key;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(
        "Secret " + RunnerContract.KEY_SECRET + " in " + namespace + " keeps changing");
  }

  private static Secret keySecret(String namespace, byte[] key) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(RunnerContract.KEY_SECRET)
        .withNamespace(namespace)
        .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
        .addToLabels(McpSpawner.LABEL_COMPONENT, McpSpawner.COMPONENT_RUNNER_KEY)
        .endMetadata()
        .withType("Opaque")
        .addToData(RunnerContract.KEY_KEY, Base64.getEncoder().encodeToString(key))
        .build();
  }
}
