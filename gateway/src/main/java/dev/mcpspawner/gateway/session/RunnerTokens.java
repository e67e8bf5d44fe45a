package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.RunnerContract;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-session runner bearer tokens, read from the session Secrets. A token never changes for
 * the life of one McpSession, so it is cached under the session's uid: a stateless sandbox that
 * ended and was created again under the same name has a new uid and a new token, never the old one.
 */
public final class RunnerTokens {
  private record Cached(String uid, String token) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public RunnerTokens(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The token for the session, or a {@link SpawnFailedException} when its Secret is missing. */
  public String tokenFor(McpSession session) {
    String name = session.getMetadata().getName();
    String uid = identity(session.getMetadata());
    Cached cached = cache.get(name);
    if (cached != null && cached.uid().equals(uid)) {
      return cached.token();
    }
    Secret secret =
        client.secrets().inNamespace(namespace).withName(Names.runnerSecretName(name)).get();
    String token = secret == null ? null : read(secret);
    if (token == null || token.isEmpty()) {
      throw new SpawnFailedException("the session has no runner token");
    }
    cache.put(name, new Cached(uid, token));
    return token;
  }

  /** Drops the cached token (the session ended, or the runner refused it). */
  public void forget(String session) {
    cache.remove(session);
  }

  int cached() {
    return cache.size();
  }

  /** The uid; the creation time where an API server does not set one. */
  private static String identity(ObjectMeta meta) {
    if (meta.getUid() != null) {
      return meta.getUid();
    }
    return String.valueOf(meta.getCreationTimestamp());
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
