package dev.mcpspawner.oauth.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every piece of sign-in state (client registrations, authorization requests, codes, grants,
 * signing keys) as one labelled Secret each in the gateway's namespace, so it survives restarts and
 * every replica sees the same thing. Secrets rather than ConfigMaps because several of these hold
 * hashes of live credentials or private keys.
 *
 * <p>Writes that must happen once (consuming a code, rotating a refresh token) use optimistic
 * concurrency: {@link #replace} fails when another replica changed the record first.
 */
public final class OAuthStore {
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "mcp-spawner-gateway";
  public static final String LABEL_KIND = "mcpspawner.dev/oauth";
  public static final String ANNOTATION_EXPIRES = "mcpspawner.dev/expires-at";
  private static final String KEY = "record.json";

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;
  private final ObjectMapper json =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public OAuthStore(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  /** A record as read, with the version a later {@link #replace} is conditional on. */
  public record Stored<T>(String kind, String id, T value, String resourceVersion) {}

  /** The Secret name of a record: ids are lowercase hex or DNS-label safe. */
  public static String name(String kind, String id) {
    return "mcp-oauth-" + kind + "-" + id;
  }

  public String namespace() {
    return namespace;
  }

  public KubernetesClient client() {
    return client;
  }

  public <T> Optional<Stored<T>> get(String kind, String id, Class<T> type) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name(kind, id)).get();
    if (secret == null || isExpired(secret)) {
      return Optional.empty();
    }
    return Optional.of(
        new Stored<>(kind, id, read(secret, type), secret.getMetadata().getResourceVersion()));
  }

  /** Creates a record; false when one with that id exists already. */
  public boolean create(String kind, String id, Object value, Instant expiresAt) {
    try {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(secret(kind, id, value, expiresAt, null))
          .create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /** Replaces a record if nobody changed it since it was read; false on a conflict. */
  public <T> boolean replace(Stored<T> stored, T value, Instant expiresAt) {
    return replaced(stored, value, expiresAt).isPresent();
  }

  /**
   * As {@link #replace}, handing back the record as now stored (to replace again later), or empty
   * on a conflict.
   */
  public <T> Optional<Stored<T>> replaced(Stored<T> stored, T value, Instant expiresAt) {
    try {
      Secret updated =
          client
              .secrets()
              .inNamespace(namespace)
              .resource(
                  secret(stored.kind(), stored.id(), value, expiresAt, stored.resourceVersion()))
              .update();
      return Optional.of(
          new Stored<>(
              stored.kind(), stored.id(), value, updated.getMetadata().getResourceVersion()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Deletes a record; true if this call deleted it (false: gone already, e.g. another replica). */
  public boolean delete(String kind, String id) {
    return !client.secrets().inNamespace(namespace).withName(name(kind, id)).delete().isEmpty();
  }

  public <T> List<Stored<T>> list(String kind, Class<T> type) {
    List<Stored<T>> out = new ArrayList<>();
    for (Secret s :
        client.secrets().inNamespace(namespace).withLabel(LABEL_KIND, kind).list().getItems()) {
      if (!isExpired(s)) {
        String id = s.getMetadata().getName().substring(name(kind, "").length());
        out.add(new Stored<>(kind, id, read(s, type), s.getMetadata().getResourceVersion()));
      }
    }
    return out;
  }

  /** How many records of a kind exist; a full list, so only for rare operations. */
  public int count(String kind) {
    return client
        .secrets()
        .inNamespace(namespace)
        .withLabel(LABEL_KIND, kind)
        .list()
        .getItems()
        .size();
  }

  /** Deletes records past their expiry; any replica may run it, deleting twice is harmless. */
  public int sweepExpired() {
    int deleted = 0;
    for (Secret s :
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel(LABEL_MANAGED_BY, MANAGED_BY)
            .withLabel(LABEL_KIND)
            .list()
            .getItems()) {
      if (isExpired(s)) {
        client.secrets().inNamespace(namespace).withName(s.getMetadata().getName()).delete();
        deleted++;
      }
    }
    return deleted;
  }

  private boolean isExpired(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    String at = annotations == null ? null : annotations.get(ANNOTATION_EXPIRES);
    return at != null && !Instant.parse(at).isAfter(clock.instant());
  }

  private Secret secret(
      String kind, String id, Object value, Instant expiresAt, String resourceVersion) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SecretBuilder b =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name(kind, id))
            .withNamespace(namespace)
            .withResourceVersion(resourceVersion)
            .addToLabels(LABEL_MANAGED_BY, MANAGED_BY)
            .addToLabels(LABEL_KIND, kind)
            .endMetadata()
            .withType("Opaque")
            .addToData(KEY, Base64.getEncoder().encodeToString(bytes));
    if (expiresAt != null) {
      b.editMetadata().addToAnnotations(ANNOTATION_EXPIRES, expiresAt.toString()).endMetadata();
    }
    return b.build();
  }

  /** The record a Secret holds (for informer caches). */
  public <T> T decode(Secret secret, Class<T> type) {
    return read(secret, type);
  }

  private <T> T read(Secret secret, Class<T> type) {
    String data = secret.getData() == null ? null : secret.getData().get(KEY);
    if (data == null) {
      throw new IllegalStateException(
          "OAuth record " + secret.getMetadata().getName() + " is empty");
    }
    try {
      return json.readValue(Base64.getDecoder().decode(data), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
