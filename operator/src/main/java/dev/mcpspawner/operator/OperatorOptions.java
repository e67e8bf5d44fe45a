package dev.mcpspawner.operator;

import dev.mcpspawner.contracts.config.LogOptions;
import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.config.Options;
import dev.mcpspawner.contracts.config.Parsers;
import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.operator.session.SessionPodDefaults;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Set;

/**
 * Every environment variable the operator reads, declared once; {@link OperatorConfig#fromEnv}
 * builds the configuration from them and {@code operator/README.md} carries their table.
 */
public final class OperatorOptions {
  private OperatorOptions() {}

  private static Option<Duration> duration(String name, String fallback, String description) {
    return Option.of(name, fallback, Parsers.duration(), description);
  }

  private static Option<Quantity> quantity(String name, String fallback, String description) {
    return Option.of(name, fallback, Quantity::new, description);
  }

  public static final Option<Set<String>> NAMESPACES =
      Option.of(
          "MCP_SPAWNER_NAMESPACES",
          "",
          Parsers.commaSet(),
          "comma-separated namespaces whose sessions are reconciled (unset: all)");
  public static final Option<String> RUNNER_IMAGE =
      Option.of(
          "MCP_SPAWNER_RUNNER_IMAGE",
          "ghcr.io/mcp-spawner/runner:0.1.0",
          Parsers.text(),
          "image of stdio sessions whose McpServer has no `image`");
  public static final Option<Duration> IDLE_TIMEOUT =
      duration("MCP_SPAWNER_IDLE_TIMEOUT", "30m", "default `idleTimeout`");
  public static final Option<Duration> MAX_LIFETIME =
      duration("MCP_SPAWNER_MAX_LIFETIME", "8h", "default `maxLifetime`");
  public static final Option<Duration> START_TIMEOUT =
      duration(
          "MCP_SPAWNER_START_TIMEOUT",
          "2m",
          "default `startTimeout` (Pending/Starting → Failed `StartTimeout`)");
  public static final Option<Duration> FAILED_TTL =
      duration(
          "MCP_SPAWNER_FAILED_TTL", "10m", "Failed sessions are deleted this long after failing");
  public static final Option<Duration> SCHEDULE_DEADLINE =
      duration(
          "MCP_SPAWNER_SCHEDULE_DEADLINE",
          "1m",
          "unschedulable this long after start → Failed `Unschedulable`");
  public static final Option<Duration> MAX_RECHECK_INTERVAL =
      duration(
          "MCP_SPAWNER_MAX_RECHECK_INTERVAL",
          "10m",
          "longest a session sleeps between looks (a safety net; deadlines drive)");
  public static final Option<String> HOME_SIZE =
      Option.of(
          "MCP_SPAWNER_HOME_SIZE",
          "1Gi",
          Parsers.text(),
          "size of new home claims, where the McpServer's `storage` says nothing");
  public static final Option<String> HOME_STORAGE_CLASS =
      Option.of(
          "MCP_SPAWNER_HOME_STORAGE_CLASS",
          null,
          Parsers.text(),
          "storage class of new home claims (unset: the cluster's default)");
  public static final Option<AccessMode> HOME_ACCESS_MODE =
      Option.of(
          "MCP_SPAWNER_HOME_ACCESS_MODE",
          "ReadWriteOnce",
          Parsers.enumValue(AccessMode.class),
          "access mode of new home claims");
  public static final Option<String> TMP_SIZE =
      Option.of(
          "MCP_SPAWNER_TMP_SIZE", "256Mi", Parsers.text(), "size limit of the `/tmp` emptyDir");
  public static final Option<Quantity> CPU_REQUEST =
      quantity("MCP_SPAWNER_CPU_REQUEST", "50m", "CPU request where the McpServer sets none");
  public static final Option<Quantity> MEMORY_REQUEST =
      quantity(
          "MCP_SPAWNER_MEMORY_REQUEST", "128Mi", "memory request where the McpServer sets none");
  public static final Option<Quantity> EPHEMERAL_STORAGE_REQUEST =
      quantity(
          "MCP_SPAWNER_EPHEMERAL_STORAGE_REQUEST",
          "256Mi",
          "ephemeral-storage request where the McpServer sets none");
  public static final Option<Quantity> CPU_LIMIT =
      quantity("MCP_SPAWNER_CPU_LIMIT", "1", "CPU limit where the McpServer sets none");
  public static final Option<Quantity> MEMORY_LIMIT =
      quantity("MCP_SPAWNER_MEMORY_LIMIT", "512Mi", "memory limit where the McpServer sets none");
  public static final Option<Quantity> EPHEMERAL_STORAGE_LIMIT =
      quantity(
          "MCP_SPAWNER_EPHEMERAL_STORAGE_LIMIT",
          "1Gi",
          "ephemeral-storage limit where the McpServer sets none");
  public static final Option<String> RUNTIME_CLASS =
      Option.of(
          "MCP_SPAWNER_RUNTIME_CLASS",
          null,
          Parsers.text(),
          "default `runtimeClassName` of session pods (gVisor, Kata)");
  public static final Option<Integer> SHUTDOWN_GRACE_SECONDS =
      Option.of(
          "MCP_SPAWNER_SHUTDOWN_GRACE_SECONDS",
          "10",
          Parsers.integer(0, 3600),
          "the runner's grace period; the pod's is 5 s more");
  public static final Option<Boolean> LEADER_ELECTION =
      Option.of(
          "MCP_SPAWNER_LEADER_ELECTION",
          "false",
          Parsers.bool(),
          "hold Lease `" + OperatorConfig.LEASE_NAME + "` in `POD_NAMESPACE` as `POD_NAME`");
  public static final Option<String> POD_NAMESPACE =
      Option.of(
          "POD_NAMESPACE",
          null,
          Parsers.text(),
          "the operator's own namespace (downward API), where its Lease is");
  public static final Option<String> POD_NAME =
      Option.of(
          "POD_NAME",
          null,
          Parsers.text(),
          "the operator's identity for leader election and Events (unset: from the process id)");
  public static final Option<Integer> HTTP_PORT =
      Option.of(
          "MCP_SPAWNER_HTTP_PORT",
          "8081",
          Parsers.integer(-1, 65535),
          "port of `/healthz`, `/readyz` and `/metrics` (0: any free one, -1: none)");
  public static final Option<Integer> RECONCILE_THREADS =
      Option.of(
          "MCP_SPAWNER_RECONCILE_THREADS",
          "50",
          Parsers.integer(1, 10_000),
          "concurrent reconciles");

  /** Everything the operator reads, the users' defaults and the session pods' placement too. */
  public static final Options ALL =
      Options.of(
              NAMESPACES,
              RUNNER_IMAGE,
              IDLE_TIMEOUT,
              MAX_LIFETIME,
              START_TIMEOUT,
              SCHEDULE_DEADLINE,
              FAILED_TTL,
              MAX_RECHECK_INTERVAL,
              HOME_SIZE,
              HOME_STORAGE_CLASS,
              HOME_ACCESS_MODE,
              TMP_SIZE,
              CPU_REQUEST,
              MEMORY_REQUEST,
              EPHEMERAL_STORAGE_REQUEST,
              CPU_LIMIT,
              MEMORY_LIMIT,
              EPHEMERAL_STORAGE_LIMIT,
              RUNTIME_CLASS,
              SHUTDOWN_GRACE_SECONDS,
              LEADER_ELECTION,
              POD_NAMESPACE,
              POD_NAME,
              HTTP_PORT,
              RECONCILE_THREADS)
          .and(SessionPodDefaults.OPTIONS)
          .and(UserDefaults.OPTIONS)
          .and(LogOptions.OPTIONS);
}
