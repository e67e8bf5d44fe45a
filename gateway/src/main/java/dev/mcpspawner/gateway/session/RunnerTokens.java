package dev.mcpspawner.gateway.session;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.RunnerKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The per-session runner bearer tokens, computed from the runner key ({@link RunnerContract#token})
 * rather than read from each session's Secret: the gateway reads one Secret, {@link
 * RunnerContract#KEY_SECRET}, and no other. The key is read when first needed and again after a
 * runner refused a token (the key was replaced). A stateless sandbox created again under the same
 * name has a new uid, so a new token, never its predecessor's.
 */
public final class RunnerTokens {
  private final KubernetesClient client;
  private final String namespace;
  private volatile byte[] key;

  public RunnerTokens(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** The token for the session, or a {@link SpawnFailedException} when there is no key yet. */
  public String tokenFor(McpSession session) {
    return RunnerKeys.token(key(), session.getMetadata());
  }

  /** A runner refused the token: read the key again before the next one. */
  public void reload() {
    key = null;
  }

  private byte[] key() {
    byte[] k = key;
    if (k != null) {
      return k;
    }
    Secret secret =
        client.secrets().inNamespace(namespace).withName(RunnerContract.KEY_SECRET).get();
    if (secret == null) {
      throw new SpawnFailedException(
          "the runner key (Secret " + RunnerContract.KEY_SECRET + ") is not there yet");
    }
    try {
      k = RunnerKeys.key(secret);
    } catch (IllegalStateException e) {
      throw new SpawnFailedException(e.getMessage());
    }
    key = k;
    return k;
  }
}
