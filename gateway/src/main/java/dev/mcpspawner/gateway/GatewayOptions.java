package dev.mcpspawner.gateway;

import dev.mcpspawner.contracts.config.LogOptions;
import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.config.Options;
import dev.mcpspawner.contracts.config.Parsers;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.oauth.SignInOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Every environment variable the gateway reads, declared once; {@link GatewayConfig#fromEnv} builds
 * the configuration from them and {@code gateway/README.md} carries their table.
 */
public final class GatewayOptions {
  private GatewayOptions() {}

  private static Option<Duration> duration(String name, String fallback, String description) {
    return Option.of(name, fallback, Parsers.duration(), description);
  }

  public static final Option<String> SESSIONS_NAMESPACE =
      Option.of(
          "MCP_SPAWNER_SESSIONS_NAMESPACE",
          null,
          Parsers.text(),
          "where McpSessions, McpServers, McpUsers and credentials live (unset: the client's"
              + " namespace)");
  public static final Option<String> GATEWAY_HOST =
      Option.of("MCP_SPAWNER_GATEWAY_HOST", "0.0.0.0", Parsers.text(), "interface to listen on");
  public static final Option<Integer> GATEWAY_PORT =
      Option.of(
          "MCP_SPAWNER_GATEWAY_PORT", "8080", Parsers.integer(0, 65535), "HTTP port (0: any free)");
  public static final Option<String> PUBLIC_URL =
      Option.of(
          "MCP_SPAWNER_PUBLIC_URL",
          null,
          Parsers.text(),
          "the URL clients use (unset: no `resource_metadata` in the challenge; sign-in needs it)");
  public static final Option<Set<String>> ALLOWED_ORIGINS =
      Option.of(
          "MCP_SPAWNER_ALLOWED_ORIGINS",
          "",
          Parsers.commaSet(),
          "comma-separated browser origins allowed to call (requests without `Origin` pass)");
  public static final Option<Set<String>> ADMIN_GROUPS =
      Option.of(
          "MCP_SPAWNER_ADMIN_GROUPS",
          "",
          Parsers.commaSet(),
          "comma-separated groups whose members administer every user and session");
  public static final Option<Path> API_KEYS_FILE =
      Option.of(
          "MCP_SPAWNER_API_KEYS_FILE",
          null,
          Parsers.path(),
          "the API keys file (format below), re-read when it changes (unset: no API keys)");
  public static final Option<String> OAUTH_NAMESPACE =
      Option.of(
          "MCP_SPAWNER_OAUTH_NAMESPACE",
          null,
          Parsers.text(),
          "where sign-in state (registrations, grants, signing keys) is kept as Secrets (unset:"
              + " the gateway's own namespace)");
  public static final Option<Duration> SPAWN_TIMEOUT =
      duration("MCP_SPAWNER_SPAWN_TIMEOUT", "2m", "how long a request waits for its session's pod");
  public static final Option<Duration> UPSTREAM_TIMEOUT =
      duration(
          "MCP_SPAWNER_UPSTREAM_TIMEOUT",
          "5m",
          "until the runner starts answering; a connection to a runner silent this long (at"
              + " least 2 min) is closed");
  public static final Option<Long> MAX_BODY_BYTES =
      Option.of(
          "MCP_SPAWNER_MAX_BODY_BYTES",
          "4194304",
          Parsers.longInteger(1, Integer.MAX_VALUE),
          "largest request body accepted");
  public static final Option<Duration> ACTIVITY_INTERVAL =
      duration(
          "MCP_SPAWNER_ACTIVITY_INTERVAL",
          "30s",
          "at most one last-activity patch per session per interval");
  public static final Option<Duration> DRAIN_TIMEOUT =
      duration(
          "MCP_SPAWNER_DRAIN_TIMEOUT", "25s", "how long shutdown waits for requests in flight");
  public static final Option<Duration> STREAM_HEARTBEAT =
      duration(
          "MCP_SPAWNER_STREAM_HEARTBEAT",
          "15s",
          "SSE comment on quiet streams, to notice departed clients");
  public static final Option<String> POD_IP =
      Option.of(
          "MCP_SPAWNER_POD_IP",
          null,
          Parsers.text(),
          "where the other replicas reach this one; the chart sets the pod IP (unset: runs alone)");

  public static final Option<String> OPERATOR_LEASE =
      Option.of(
          "MCP_SPAWNER_OPERATOR_LEASE",
          null,
          GatewayOptions::leaseName,
          "`<namespace>/<name>` of the operator's leader Lease, read for the admin overview's"
              + " operator health (renewed within its duration: `healthy`, otherwise `stale`); the"
              + " chart sets `<release namespace>/mcp-spawner-operator` (unset: `unknown`)");

  /** {@code <namespace>/<name>} of a Lease, both parts Kubernetes names. */
  static String leaseName(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 2 || !Names.isDnsLabel(parts[0]) || !Names.isDnsLabel(parts[1])) {
      throw new IllegalArgumentException(
          "must be <namespace>/<name> (Kubernetes names), got: " + text);
    }
    return text;
  }

  /** The gateway's own options, sign-in's, users' defaults and the log level. */
  public static final Options ALL =
      Options.of(
              SESSIONS_NAMESPACE,
              GATEWAY_HOST,
              GATEWAY_PORT,
              PUBLIC_URL,
              ALLOWED_ORIGINS,
              ADMIN_GROUPS,
              API_KEYS_FILE,
              OAUTH_NAMESPACE,
              SPAWN_TIMEOUT,
              UPSTREAM_TIMEOUT,
              MAX_BODY_BYTES,
              ACTIVITY_INTERVAL,
              DRAIN_TIMEOUT,
              STREAM_HEARTBEAT,
              POD_IP,
              OPERATOR_LEASE)
          .and(SignInOptions.OPTIONS)
          .and(UserDefaults.OPTIONS)
          .and(LogOptions.OPTIONS);
}
