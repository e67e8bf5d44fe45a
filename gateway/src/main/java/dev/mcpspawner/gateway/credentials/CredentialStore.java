package dev.mcpspawner.gateway.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The users' credentials, without ever reading a Secret: the gateway may create, replace and delete
 * Secrets but not get, list or watch them, so no bug of its own can hand out another Secret of the
 * namespace.
 *
 * <p>Each credential of each user for each server is a Secret of its own ({@link
 * Names#credentialSecretName}) owned by the user's McpUser (deleting the user deletes them; the
 * home volume is not owned and stays). Setting one creates its Secret, or replaces it whole when it
 * exists (a PUT without a resourceVersion: no read first); deleting one deletes it by name. Which
 * are set, and when, is kept in the McpUser's {@link McpSpawner#ANNOTATION_CREDENTIALS} annotation,
 * written after the Secret on set and before it on delete: a failure between the two leaves a value
 * the gateway does not count as set (set it again), never a session started against a missing
 * Secret.
 */
public final class CredentialStore {
  private static final TypeReference<Map<String, Map<String, String>>> SET_TIMES =
      new TypeReference<>() {};
  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public CredentialStore(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  /** Sets (or replaces) one credential of the user for the server. */
  public void set(McpUser owner, String server, String name, String value) {
    String userSlug = owner.getMetadata().getName();
    String at = clock.instant().toString();
    Secret secret = newSecret(owner, server, name, value, at);
    try {
      client.resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // It exists: replace it whole. Fabric8's update() would GET it first for its resourceVersion.
      client.raw(secretUri(secret.getMetadata().getName()), "PUT", secret);
    }
    changeSetTimes(
        userSlug, times -> times.computeIfAbsent(server, s -> new TreeMap<>()).put(name, at));
  }

  /** Removes one credential; true when there was one. */
  public boolean delete(String userSlug, String server, String name) {
    boolean recorded =
        changeSetTimes(
            userSlug,
            times -> {
              Map<String, String> ofServer = times.get(server);
              if (ofServer != null && ofServer.remove(name) != null && ofServer.isEmpty()) {
                times.remove(server);
              }
            });
    boolean stored =
        !client
            .secrets()
            .inNamespace(namespace)
            .withName(Names.credentialSecretName(userSlug, server, name))
            .delete()
            .isEmpty();
    return recorded || stored;
  }

  /** The names set for (user, server), each with when it was set; never the values. */
  public Map<String, String> setAt(String userSlug, String server) {
    McpUser user = user(userSlug);
    Map<String, String> ofServer = user == null ? null : setTimes(user).get(server);
    return ofServer == null ? Map.of() : new TreeMap<>(ofServer);
  }

  private interface Change {
    void apply(Map<String, Map<String, String>> times);
  }

  /**
   * Applies {@code change} to the user's set times under their resourceVersion (retrying on a
   * conflict with a concurrent write); true when it changed anything.
   */
  private boolean changeSetTimes(String userSlug, Change change) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      McpUser user = user(userSlug);
      if (user == null) {
        return false; // deleted meanwhile: its Secrets go with it
      }
      Map<String, Map<String, String>> times = setTimes(user);
      String before = write(times);
      change.apply(times);
      String after = write(times);
      if (after.equals(before)) {
        return false;
      }
      ObjectNode patch = json.createObjectNode();
      ObjectNode metadata = patch.putObject("metadata");
      metadata.put("resourceVersion", user.getMetadata().getResourceVersion());
      ObjectNode annotations = metadata.putObject("annotations");
      if (times.isEmpty()) {
        annotations.putNull(McpSpawner.ANNOTATION_CREDENTIALS);
      } else {
        annotations.put(McpSpawner.ANNOTATION_CREDENTIALS, after);
      }
      try {
        client
            .resources(McpUser.class)
            .inNamespace(namespace)
            .withName(userSlug)
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("credentials of " + userSlug + " keep changing; try again");
  }

  private McpUser user(String userSlug) {
    return client.resources(McpUser.class).inNamespace(namespace).withName(userSlug).get();
  }

  /** The annotation's map; an unreadable one (edited by hand) counts as nothing set. */
  private Map<String, Map<String, String>> setTimes(McpUser user) {
    Map<String, String> annotations = user.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(McpSpawner.ANNOTATION_CREDENTIALS);
    if (text == null || text.isBlank()) {
      return new TreeMap<>();
    }
    try {
      Map<String, Map<String, String>> read = json.readValue(text, SET_TIMES);
      Map<String, Map<String, String>> out = new TreeMap<>();
      read.forEach((server, names) -> out.put(server, new TreeMap<>(names)));
      return out;
    } catch (JsonProcessingException e) {
      return new TreeMap<>();
    }
  }

  private String write(Map<String, Map<String, String>> times) {
    try {
      return json.writeValueAsString(times);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String secretUri(String name) {
    return client.getMasterUrl().toString().replaceAll("/+$", "")
        + "/api/v1/namespaces/"
        + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
        + "/secrets/"
        + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  private Secret newSecret(McpUser owner, String server, String name, String value, String at) {
    String userSlug = owner.getMetadata().getName();
    return new SecretBuilder()
        .withApiVersion("v1")
        .withKind("Secret")
        .withNewMetadata()
        .withName(Names.credentialSecretName(userSlug, server, name))
        .withNamespace(namespace)
        .addToLabels(McpSpawner.LABEL_USER, userSlug)
        .addToLabels(McpSpawner.LABEL_SERVER, server)
        .addToLabels(McpSpawner.LABEL_COMPONENT, McpSpawner.COMPONENT_CREDENTIALS)
        .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
        .addToAnnotations(McpSpawner.ANNOTATION_CREDENTIAL, name)
        .addToAnnotations(McpSpawner.ANNOTATION_SET_AT, at)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(McpSpawner.API_VERSION)
                .withKind("McpUser")
                .withName(userSlug)
                .withUid(owner.getMetadata().getUid())
                .build())
        .endMetadata()
        .withType("Opaque")
        .addToData(name, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
