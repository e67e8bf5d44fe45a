package dev.mcpspawner.operator.session;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.config.Options;
import dev.mcpspawner.contracts.config.Parsers;
import io.fabric8.kubernetes.api.model.Toleration;
import java.io.IOException;
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

  public static final Option<List<String>> IMAGE_PULL_SECRETS =
      Option.of(
          ENV_IMAGE_PULL_SECRETS,
          null,
          s -> List.copyOf(Parsers.commaSet().parse(s)),
          "comma-separated Secret names (sessions namespace) every session pod pulls with");

  public static final Option<String> IMAGE_PULL_POLICY =
      Option.of(
          ENV_IMAGE_PULL_POLICY,
          "IfNotPresent",
          SessionPodDefaults::pullPolicy,
          "pull policy of the session container: Always, IfNotPresent or Never");

  public static final Option<Map<String, String>> NODE_SELECTOR =
      Option.of(
          ENV_NODE_SELECTOR,
          null,
          s -> json(s, new TypeReference<Map<String, String>>() {}),
          "JSON object, every session pod's `nodeSelector`");

  public static final Option<List<Toleration>> TOLERATIONS =
      Option.of(
          ENV_TOLERATIONS,
          null,
          s -> json(s, new TypeReference<List<Toleration>>() {}),
          "JSON array, every session pod's `tolerations`");

  public static final Option<String> PRIORITY_CLASS =
      Option.of(
          ENV_PRIORITY_CLASS, null, Parsers.text(), "every session pod's `priorityClassName`");

  public static final Options OPTIONS =
      Options.of(IMAGE_PULL_SECRETS, IMAGE_PULL_POLICY, NODE_SELECTOR, TOLERATIONS, PRIORITY_CLASS);

  /**
   * Reads the variables above from {@code env}; unset or blank ones leave the pod's field unset.
   */
  public static SessionPodDefaults fromEnv(Map<String, String> env) {
    return new SessionPodDefaults(
        orEmpty(IMAGE_PULL_SECRETS.from(env)),
        IMAGE_PULL_POLICY.from(env),
        NODE_SELECTOR.isSet(env) ? NODE_SELECTOR.from(env) : Map.of(),
        orEmpty(TOLERATIONS.from(env)),
        PRIORITY_CLASS.from(env));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String pullPolicy(String s) {
    if (!PULL_POLICIES.contains(s)) {
      throw new IllegalArgumentException("one of " + PULL_POLICIES + ", got " + s);
    }
    return s;
  }

  private static <T> T json(String text, TypeReference<T> type) {
    try {
      return JSON.readValue(text, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("not the JSON expected: " + e.getMessage(), e);
    }
  }
}
