package dev.mcpspawner.operator;

import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.operator.session.SessionPodDefaults;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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

  /**
   * Reads {@link OperatorOptions#ALL} from {@code env}: unset or blank means the default, a
   * malformed value fails naming its variable.
   */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", OperatorOptions.CPU_REQUEST.from(env));
    requests.put("memory", OperatorOptions.MEMORY_REQUEST.from(env));
    requests.put("ephemeral-storage", OperatorOptions.EPHEMERAL_STORAGE_REQUEST.from(env));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("cpu", OperatorOptions.CPU_LIMIT.from(env));
    limits.put("memory", OperatorOptions.MEMORY_LIMIT.from(env));
    limits.put("ephemeral-storage", OperatorOptions.EPHEMERAL_STORAGE_LIMIT.from(env));
    String podName = OperatorOptions.POD_NAME.from(env);
    return new OperatorConfig(
        OperatorOptions.NAMESPACES.from(env),
        OperatorOptions.RUNNER_IMAGE.from(env),
        OperatorOptions.IDLE_TIMEOUT.from(env),
        OperatorOptions.MAX_LIFETIME.from(env),
        OperatorOptions.START_TIMEOUT.from(env),
        OperatorOptions.FAILED_TTL.from(env),
        OperatorOptions.SCHEDULE_DEADLINE.from(env),
        OperatorOptions.MAX_RECHECK_INTERVAL.from(env),
        OperatorOptions.HOME_SIZE.from(env),
        OperatorOptions.HOME_STORAGE_CLASS.from(env),
        OperatorOptions.HOME_ACCESS_MODE.from(env),
        OperatorOptions.TMP_SIZE.from(env),
        Map.copyOf(requests),
        Map.copyOf(limits),
        OperatorOptions.RUNTIME_CLASS.from(env),
        OperatorOptions.SHUTDOWN_GRACE_SECONDS.from(env),
        OperatorOptions.LEADER_ELECTION.from(env),
        OperatorOptions.POD_NAMESPACE.from(env),
        podName != null ? podName : "mcp-spawner-operator-" + ProcessHandle.current().pid(),
        OperatorOptions.HTTP_PORT.from(env),
        OperatorOptions.RECONCILE_THREADS.from(env),
        UserDefaults.fromEnv(env),
        SessionPodDefaults.fromEnv(env));
  }

  /** A builder holding this configuration, for the few settings code (tests, local mode) sets. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes the settings that tests and local mode set in code; the rest stay as read. */
  public static final class Builder {
    private final OperatorConfig from;
    private Set<String> namespaces;
    private Duration maxRecheckInterval;
    private boolean leaderElection;
    private String leaseNamespace;
    private String identity;
    private int httpPort;
    private UserDefaults userDefaults;
    private SessionPodDefaults sessionPods;

    private Builder(OperatorConfig c) {
      from = c;
      namespaces = c.namespaces;
      maxRecheckInterval = c.maxRecheckInterval;
      leaderElection = c.leaderElection;
      leaseNamespace = c.leaseNamespace;
      identity = c.identity;
      httpPort = c.httpPort;
      userDefaults = c.userDefaults;
      sessionPods = c.sessionPods;
    }

    public Builder namespaces(Set<String> v) {
      namespaces = Set.copyOf(v);
      return this;
    }

    public Builder maxRecheckInterval(Duration v) {
      maxRecheckInterval = v;
      return this;
    }

    /** Take part in leader election for the Lease in {@code namespace} as {@code id}. */
    public Builder leaderElection(String namespace, String id) {
      leaderElection = true;
      leaseNamespace = namespace;
      identity = id;
      return this;
    }

    /** 0: any free port; -1: no health and metrics server. */
    public Builder httpPort(int v) {
      httpPort = v;
      return this;
    }

    public Builder userDefaults(UserDefaults v) {
      userDefaults = v;
      return this;
    }

    public Builder sessionPods(SessionPodDefaults v) {
      sessionPods = v;
      return this;
    }

    public OperatorConfig build() {
      return new OperatorConfig(
          namespaces,
          from.runnerImage,
          from.idleTimeout,
          from.maxLifetime,
          from.startTimeout,
          from.failedTtl,
          from.scheduleDeadline,
          maxRecheckInterval,
          from.homeSize,
          from.homeStorageClass,
          from.homeAccessMode,
          from.tmpSize,
          from.defaultRequests,
          from.defaultLimits,
          from.defaultRuntimeClassName,
          from.shutdownGraceSeconds,
          leaderElection,
          leaseNamespace,
          identity,
          httpPort,
          from.reconcileThreads,
          userDefaults,
          sessionPods);
    }
  }
}
