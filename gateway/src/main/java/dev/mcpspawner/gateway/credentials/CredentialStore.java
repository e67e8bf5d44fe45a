package dev.mcpspawner.gateway.credentials;

import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Each user's credentials for one server, in one Secret of the sessions namespace that the user's
 * McpUser owns (so deleting the user deletes them; the home volume is not owned and stays). The
 * values go in and are never read back out of here: callers learn which names are set, and when.
 */
public final class CredentialStore {
  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  public CredentialStore(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  /** Sets (or replaces) one credential of the user for the server. */
  public void set(McpUser owner, String server, String name, String value) {
    String userSlug = owner.getMetadata().getName();
    String secretName = Names.credentialSecretName(userSlug, server);
    String encoded = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    String at = clock.instant().toString();
    for (int attempt = 0; attempt < 5; attempt++) {
      Secret existing = secret(secretName).orElse(null);
      try {
        if (existing == null) {
          client.resource(newSecret(owner, server, secretName, name, encoded, at)).create();
        } else {
          Map<String, String> data = new HashMap<>(nonNull(existing.getData()));
          data.put(name, encoded);
          existing.setData(data);
          Map<String, String> annotations =
              new HashMap<>(nonNull(existing.getMetadata().getAnnotations()));
          annotations.put(setAnnotation(name), at);
          existing.getMetadata().setAnnotations(annotations);
          client.resource(existing).update(); // conflicts on a changed resourceVersion
        }
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("credentials of " + userSlug + " keep changing; try again");
  }

  /** Removes one credential; true when there was one. */
  public boolean delete(String userSlug, String server, String name) {
    String secretName = Names.credentialSecretName(userSlug, server);
    for (int attempt = 0; attempt < 5; attempt++) {
      Secret existing = secret(secretName).orElse(null);
      if (existing == null || !nonNull(existing.getData()).containsKey(name)) {
        return false;
      }
      Map<String, String> data = new HashMap<>(existing.getData());
      data.remove(name);
      try {
        if (data.isEmpty()) {
          client.resource(existing).delete();
        } else {
          existing.setData(data);
          Map<String, String> annotations =
              new HashMap<>(nonNull(existing.getMetadata().getAnnotations()));
          annotations.remove(setAnnotation(name));
          existing.getMetadata().setAnnotations(annotations);
          client.resource(existing).update();
        }
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("credentials of " + userSlug + " keep changing; try again");
  }

  /** The names set for (user, server), each with when it was set; never the values. */
  public Map<String, String> setAt(String userSlug, String server) {
    Map<String, String> out = new TreeMap<>();
    secret(Names.credentialSecretName(userSlug, server))
        .ifPresent(
            s -> {
              Map<String, String> annotations = nonNull(s.getMetadata().getAnnotations());
              for (String name : nonNull(s.getData()).keySet()) {
                out.put(name, annotations.getOrDefault(setAnnotation(name), "unknown"));
              }
            });
    return out;
  }

  private Optional<Secret> secret(String name) {
    Secret s = client.secrets().inNamespace(namespace).withName(name).get();
    if (s == null || s.getMetadata().getLabels() == null) {
      return Optional.empty();
    }
    // Only a Secret this store made: never another Secret that happens to have the name.
    boolean ours =
        McpSpawner.COMPONENT_CREDENTIALS.equals(
            s.getMetadata().getLabels().get(McpSpawner.LABEL_COMPONENT));
    return ours ? Optional.of(s) : Optional.empty();
  }

  private Secret newSecret(
      McpUser owner, String server, String secretName, String name, String encoded, String at) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(secretName)
        .withNamespace(namespace)
        .addToLabels(McpSpawner.LABEL_USER, owner.getMetadata().getName())
        .addToLabels(McpSpawner.LABEL_SERVER, server)
        .addToLabels(McpSpawner.LABEL_COMPONENT, McpSpawner.COMPONENT_CREDENTIALS)
        .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
        .addToAnnotations(setAnnotation(name), at)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(McpSpawner.API_VERSION)
                .withKind("McpUser")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .build())
        .endMetadata()
        .withType("Opaque")
        .addToData(name, encoded)
        .build();
  }

  private static String setAnnotation(String name) {
    return McpSpawner.ANNOTATION_CREDENTIAL_SET_PREFIX + name;
  }

  private static Map<String, String> nonNull(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }
}
