package dev.mcpspawner.operator;

import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.Durations;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.operator.session.SessionPodDefaults;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the operator process is told from outside; {@link #fromEnv} reads the {@code
 * MCP_SPAWNER_*} variables the chart sets. Defaults apply where a McpServer says nothing.
 *
 * @param namespaces namespaces whose sessions are reconciled; empty means all
 * @param runnerImage image of stdio sessions whose McpServer names none
 * @param maxRecheckInterval upper bound on how long a session sleeps until its next deadline: a
 *     safety net against clock jumps, not a polling period
 * @param userDefaults limits of users whose McpUser leaves them unset ({@code
 *     MCP_SPAWNER_USER_DEFAULT_*}, the chart's {@code users.defaults}, read as the gateway does)
 * @param sessionPods pull secrets, pull policy and placement of every session pod
 */
public record OperatorConfig(
    Set<String> namespaces,
    String runnerImage,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration startTimeout,
    Duration failedTtl,
    Duration scheduleDeadline,
    Duration maxRecheckInterval,
    String homeSize,
    String homeStorageClass,
    AccessMode homeAccessMode,
    String tmpSize,
    Map<String, Quantity> defaultRequests,
    Map<String, Quantity> defaultLimits,
    String defaultRuntimeClassName,
    int shutdownGraceSeconds,
    boolean leaderElection,
    String leaseNamespace,
    String identity,
    int httpPort,
    int reconcileThreads,
    UserDefaults userDefaults,
    SessionPodDefaults sessionPods) {

  public static final String LEASE_NAME = "mcp-spawner-operator";

  /** Defaults for everything; tests and the local mode start from here. */
  public static OperatorConfig defaults() {
    return fromEnv(Map.of());
  }

  public static OperatorConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /** Reads {@code MCP_SPAWNER_*} (and {@code POD_NAMESPACE}, {@code POD_NAME}) from {@code env}. */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    var e = new Env(env);
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(e.get("MCP_SPAWNER_CPU_REQUEST", "50m")));
    requests.put("memory", new Quantity(e.get("MCP_SPAWNER_MEMORY_REQUEST", "128Mi")));
    requests.put(
        "ephemeral-storage", new Quantity(e.get("MCP_SPAWNER_EPHEMERAL_STORAGE_REQUEST", "256Mi")));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("cpu", new Quantity(e.get("MCP_SPAWNER_CPU_LIMIT", "1")));
    limits.put("memory", new Quantity(e.get("MCP_SPAWNER_MEMORY_LIMIT", "512Mi")));
    limits.put(
        "ephemeral-storage", new Quantity(e.get("MCP_SPAWNER_EPHEMERAL_STORAGE_LIMIT", "1Gi")));
    String podName = e.get("POD_NAME", null);
    return new OperatorConfig(
        Arrays.stream(e.get("MCP_SPAWNER_NAMESPACES", "").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet()),
        e.get("MCP_SPAWNER_RUNNER_IMAGE", "ghcr.io/mcp-spawner/runner:0.1.0"),
        e.duration("MCP_SPAWNER_IDLE_TIMEOUT", "30m"),
        e.duration("MCP_SPAWNER_MAX_LIFETIME", "8h"),
        e.duration("MCP_SPAWNER_START_TIMEOUT", "2m"),
        e.duration("MCP_SPAWNER_FAILED_TTL", "10m"),
        e.duration("MCP_SPAWNER_SCHEDULE_DEADLINE", "1m"),
        e.duration("MCP_SPAWNER_MAX_RECHECK_INTERVAL", "10m"),
        e.get("MCP_SPAWNER_HOME_SIZE", "1Gi"),
        e.get("MCP_SPAWNER_HOME_STORAGE_CLASS", null),
        AccessMode.valueOf(e.get("MCP_SPAWNER_HOME_ACCESS_MODE", "ReadWriteOnce")),
        e.get("MCP_SPAWNER_TMP_SIZE", "256Mi"),
        Map.copyOf(requests),
        Map.copyOf(limits),
        e.get("MCP_SPAWNER_RUNTIME_CLASS", null),
        Integer.parseInt(e.get("MCP_SPAWNER_SHUTDOWN_GRACE_SECONDS", "10")),
        Boolean.parseBoolean(e.get("MCP_SPAWNER_LEADER_ELECTION", "false")),
        e.get("POD_NAMESPACE", null),
        podName != null ? podName : "mcp-spawner-operator-" + ProcessHandle.current().pid(),
        Integer.parseInt(e.get("MCP_SPAWNER_HTTP_PORT", "8081")),
        Integer.parseInt(e.get("MCP_SPAWNER_RECONCILE_THREADS", "50")),
        UserDefaults.fromEnv(env),
        SessionPodDefaults.fromEnv(env));
  }

  public OperatorConfig withNamespaces(Set<String> value) {
    return new OperatorConfig(
        value,
        runnerImage,
        idleTimeout,
        maxLifetime,
        startTimeout,
        failedTtl,
        scheduleDeadline,
        maxRecheckInterval,
        homeSize,
        homeStorageClass,
        homeAccessMode,
        tmpSize,
        defaultRequests,
        defaultLimits,
        defaultRuntimeClassName,
        shutdownGraceSeconds,
        leaderElection,
        leaseNamespace,
        identity,
        httpPort,
        reconcileThreads,
        userDefaults,
        sessionPods);
  }

  public OperatorConfig withHttpPort(int value) {
    return new OperatorConfig(
        namespaces,
        runnerImage,
        idleTimeout,
        maxLifetime,
        startTimeout,
        failedTtl,
        scheduleDeadline,
        maxRecheckInterval,
        homeSize,
        homeStorageClass,
        homeAccessMode,
        tmpSize,
        defaultRequests,
        defaultLimits,
        defaultRuntimeClassName,
        shutdownGraceSeconds,
        leaderElection,
        leaseNamespace,
        identity,
        value,
        reconcileThreads,
        userDefaults,
        sessionPods);
  }

  public OperatorConfig withMaxRecheckInterval(Duration value) {
    return new OperatorConfig(
        namespaces,
        runnerImage,
        idleTimeout,
        maxLifetime,
        startTimeout,
        failedTtl,
        scheduleDeadline,
        value,
        homeSize,
        homeStorageClass,
        homeAccessMode,
        tmpSize,
        defaultRequests,
        defaultLimits,
        defaultRuntimeClassName,
        shutdownGraceSeconds,
        leaderElection,
        leaseNamespace,
        identity,
        httpPort,
        reconcileThreads,
        userDefaults,
        sessionPods);
  }

  public OperatorConfig withLeaderElection(String namespace, String id) {
    return new OperatorConfig(
        namespaces,
        runnerImage,
        idleTimeout,
        maxLifetime,
        startTimeout,
        failedTtl,
        scheduleDeadline,
        maxRecheckInterval,
        homeSize,
        homeStorageClass,
        homeAccessMode,
        tmpSize,
        defaultRequests,
        defaultLimits,
        defaultRuntimeClassName,
        shutdownGraceSeconds,
        true,
        namespace,
        id,
        httpPort,
        reconcileThreads,
        userDefaults,
        sessionPods);
  }

  public OperatorConfig withUserDefaults(UserDefaults value) {
    return new OperatorConfig(
        namespaces,
        runnerImage,
        idleTimeout,
        maxLifetime,
        startTimeout,
        failedTtl,
        scheduleDeadline,
        maxRecheckInterval,
        homeSize,
        homeStorageClass,
        homeAccessMode,
        tmpSize,
        defaultRequests,
        defaultLimits,
        defaultRuntimeClassName,
        shutdownGraceSeconds,
        leaderElection,
        leaseNamespace,
        identity,
        httpPort,
        reconcileThreads,
        value,
        sessionPods);
  }

  public OperatorConfig withSessionPods(SessionPodDefaults value) {
    return new OperatorConfig(
        namespaces,
        runnerImage,
        idleTimeout,
        maxLifetime,
        startTimeout,
        failedTtl,
        scheduleDeadline,
        maxRecheckInterval,
        homeSize,
        homeStorageClass,
        homeAccessMode,
        tmpSize,
        defaultRequests,
        defaultLimits,
        defaultRuntimeClassName,
        shutdownGraceSeconds,
        leaderElection,
        leaseNamespace,
        identity,
        httpPort,
        reconcileThreads,
        userDefaults,
        value);
  }

  private record Env(Map<String, String> env) {
    String get(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    Duration duration(String name, String fallback) {
      try {
        return Durations.parse(get(name, fallback));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(name + ": " + ex.getMessage(), ex);
      }
    }
  }
}
