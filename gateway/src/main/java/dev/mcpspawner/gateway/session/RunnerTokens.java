package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.RunnerContract;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-session runner bearer tokens, read from the session Secrets. A token never changes for
 * the life of a session, so it is cached; a restart only costs one read per session.
 */
public final class RunnerTokens {
  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  public RunnerTokens(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The token for the session, or a {@link SpawnFailedException} when its Secret is missing. */
  public String tokenFor(String session) {
    String cached = cache.get(session);
    if (cached != null) {
      return cached;
    }
    Secret secret =
        client.secrets().inNamespace(namespace).withName(Names.runnerSecretName(session)).get();
    String token = secret == null ? null : read(secret);
    if (token == null || token.isEmpty()) {
      throw new SpawnFailedException("the session has no runner token");
    }
    cache.put(session, token);
    return token;
  }

  public void forget(String session) {
    cache.remove(session);
  }

  private static String read(Secret secret) {
    if (secret.getStringData() != null
        && secret.getStringData().get(RunnerContract.TOKEN_KEY) != null) {
      return secret.getStringData().get(RunnerContract.TOKEN_KEY).trim();
    }
    if (secret.getData() == null || secret.getData().get(RunnerContract.TOKEN_KEY) == null) {
      return null;
    }
    byte[] raw = Base64.getDecoder().decode(secret.getData().get(RunnerContract.TOKEN_KEY));
    return new String(raw, StandardCharsets.UTF_8).trim();
  }
}
