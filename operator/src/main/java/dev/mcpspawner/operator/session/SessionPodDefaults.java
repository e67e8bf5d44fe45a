package dev.mcpspawner.operator.session;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Toleration;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How every session pod is pulled and placed, from the chart's {@code sessions.pod} values:
 * untrusted code on dedicated, tainted nodes from a private registry is the usual enterprise ask.
 *
 * @param imagePullSecrets names of Secrets in the sessions namespace ({@code
 *     MCP_SPAWNER_IMAGE_PULL_SECRETS}, comma-separated)
 * @param imagePullPolicy {@code MCP_SPAWNER_IMAGE_PULL_POLICY}: Always, IfNotPresent or Never
 * @param nodeSelector {@code MCP_SPAWNER_NODE_SELECTOR}, a JSON object
 * @param tolerations {@code MCP_SPAWNER_TOLERATIONS}, a JSON array of pod tolerations
 * @param priorityClassName {@code MCP_SPAWNER_PRIORITY_CLASS}; null for the cluster default
 */
public record SessionPodDefaults(
    List<String> imagePullSecrets,
    String imagePullPolicy,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    String priorityClassName) {

  public static final String ENV_IMAGE_PULL_SECRETS = "MCP_SPAWNER_IMAGE_PULL_SECRETS";
  public static final String ENV_IMAGE_PULL_POLICY = "MCP_SPAWNER_IMAGE_PULL_POLICY";
  public static final String ENV_NODE_SELECTOR = "MCP_SPAWNER_NODE_SELECTOR";
  public static final String ENV_TOLERATIONS = "MCP_SPAWNER_TOLERATIONS";
  public static final String ENV_PRIORITY_CLASS = "MCP_SPAWNER_PRIORITY_CLASS";

  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
  private static final ObjectMapper JSON = new ObjectMapper();

  public SessionPodDefaults {
    imagePullSecrets = List.copyOf(imagePullSecrets);
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
    if (!PULL_POLICIES.contains(imagePullPolicy)) {
      throw new IllegalArgumentException(
          ENV_IMAGE_PULL_POLICY + ": one of " + PULL_POLICIES + ", got " + imagePullPolicy);
    }
  }

  /**
   * Reads the variables above from {@code env}; unset or blank ones leave the pod's field unset.
   */
  public static SessionPodDefaults fromEnv(Map<String, String> env) {
    return new SessionPodDefaults(
        Arrays.stream(value(env, ENV_IMAGE_PULL_SECRETS, "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        value(env, ENV_IMAGE_PULL_POLICY, "IfNotPresent"),
        json(env, ENV_NODE_SELECTOR, "{}", new TypeReference<Map<String, String>>() {}),
        json(env, ENV_TOLERATIONS, "[]", new TypeReference<List<Toleration>>() {}),
        value(env, ENV_PRIORITY_CLASS, null));
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static <T> T json(
      Map<String, String> env, String name, String fallback, TypeReference<T> type) {
    try {
      return JSON.readValue(value(env, name, fallback), type);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + ": not the JSON expected: " + e.getMessage(), e);
    }
  }
}
