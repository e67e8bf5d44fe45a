package dev.mcpspawner.crds;

import dev.mcpspawner.contracts.RunnerContract;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Base64;

/**
 * The runner token of a session and the key it is derived from, in Kubernetes terms: the key as
 * {@link RunnerContract#KEY_SECRET} holds it, the session as its metadata.
 */
public final class RunnerKeys {
  private RunnerKeys() {}

  /** The bearer token of the runner of the session {@code session}; see {@link RunnerContract}. */
  public static String token(byte[] key, ObjectMeta session) {
    return RunnerContract.token(key, identity(session));
  }

  /**
   * What tells one McpSession from another of the same name: its uid, or (where an API server does
   * not set one) its namespace, name and creation time.
   */
  static String identity(ObjectMeta meta) {
    if (meta.getUid() != null && !meta.getUid().isEmpty()) {
      return "uid:" + meta.getUid();
    }
    if (meta.getCreationTimestamp() == null) {
      throw new IllegalArgumentException("a session without uid or creation time has no identity");
    }
    return "name:" + meta.getNamespace() + "/" + meta.getName() + "@" + meta.getCreationTimestamp();
  }

  /**
   * The key held by a {@link RunnerContract#KEY_SECRET}; refuses one that is missing or too short.
   */
  public static byte[] key(Secret secret) {
    String encoded = secret.getData() == null ? null : secret.getData().get(RunnerContract.KEY_KEY);
    byte[] key = encoded == null ? null : Base64.getDecoder().decode(encoded);
    if (key == null || key.length < RunnerContract.KEY_BYTES) {
      throw new IllegalStateException(
          "Secret "
              + RunnerContract.KEY_SECRET
              + " has no "
              + RunnerContract.KEY_KEY
              + " of at least "
              + RunnerContract.KEY_BYTES
              + " bytes; delete it and the operator makes a new one");
    }
    return key;
  }
}
