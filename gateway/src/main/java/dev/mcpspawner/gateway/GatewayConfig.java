package dev.mcpspawner.gateway;

import dev.mcpspawner.crds.Durations;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the gateway is told from outside, read once from the environment (the chart's env
 * contract). Durations use the McpServer syntax ({@code 500ms}, {@code 30s}, {@code 2m}).
 *
 * @param namespace where McpSessions, McpServers and runner Secrets live
 * @param host interface to listen on ({@code MCP_SPAWNER_GATEWAY_HOST}, default all)
 * @param port HTTP port; 0 picks a free one (tests)
 * @param publicUrl the URL clients use (for {@code WWW-Authenticate}); may be null
 * @param allowedOrigins browser origins allowed to call; requests without {@code Origin} pass
 * @param adminGroups groups whose members see and end every session
 * @param apiKeysFile the static API keys file (see {@code StaticApiKeyAuthenticator})
 * @param spawnTimeout how long a request waits for its session to become Ready
 * @param upstreamTimeout how long the runner may take to start answering a request
 * @param maxBodyBytes largest accepted request body
 * @param activityInterval at most one last-activity patch per session per this interval
 * @param drainTimeout how long shutdown waits for in-flight requests
 * @param streamHeartbeat how often a quiet SSE stream is probed for a departed client
 * @param peerHost the address other gateway replicas reach this one at ({@code MCP_SPAWNER_POD_IP},
 *     the pod IP in the chart); null when the gateway runs alone
 * @param userDefaults limits of users whose McpUser leaves them unset ({@code
 *     MCP_SPAWNER_USER_DEFAULT_*}, the chart's {@code users.defaults})
 * @param operatorLease the operator's leader Lease as {@code <namespace>/<name>} ({@code
 *     MCP_SPAWNER_OPERATOR_LEASE}), read for the admin overview's operator health; null: not shown
 */
public record GatewayConfig(
    String namespace,
    String host,
    int port,
    String publicUrl,
    Set<String> allowedOrigins,
    Set<String> adminGroups,
    Path apiKeysFile,
    Duration spawnTimeout,
    Duration upstreamTimeout,
    long maxBodyBytes,
    Duration activityInterval,
    Duration drainTimeout,
    Duration streamHeartbeat,
    String peerHost,
    UserDefaults userDefaults,
    String operatorLease) {

  public static final String PREFIX = "MCP_SPAWNER_";

  /** Defaults for everything but the namespace; tests start from here. */
  public static GatewayConfig defaults(String namespace) {
    return new GatewayConfig(
        namespace,
        "0.0.0.0",
        8080,
        null,
        Set.of(),
        Set.of(),
        null,
        Duration.ofMinutes(2),
        Duration.ofMinutes(5),
        4L * 1024 * 1024,
        Duration.ofSeconds(30),
        Duration.ofSeconds(25),
        Duration.ofSeconds(15),
        null,
        UserDefaults.BUILT_IN,
        null);
  }

  /** Reads {@code MCP_SPAWNER_*} variables; unknown ones are ignored, bad values fail fast. */
  public static GatewayConfig fromEnv(Map<String, String> env, String fallbackNamespace) {
    GatewayConfig d = defaults(env.getOrDefault(PREFIX + "SESSIONS_NAMESPACE", fallbackNamespace));
    String keys = env.get(PREFIX + "API_KEYS_FILE");
    return new GatewayConfig(
        d.namespace(),
        env.getOrDefault(PREFIX + "GATEWAY_HOST", d.host()),
        Integer.parseInt(env.getOrDefault(PREFIX + "GATEWAY_PORT", String.valueOf(d.port()))),
        blankToNull(env.get(PREFIX + "PUBLIC_URL")),
        commaSet(env.get(PREFIX + "ALLOWED_ORIGINS")),
        commaSet(env.get(PREFIX + "ADMIN_GROUPS")),
        keys == null || keys.isBlank() ? null : Path.of(keys),
        duration(env, "SPAWN_TIMEOUT", d.spawnTimeout()),
        duration(env, "UPSTREAM_TIMEOUT", d.upstreamTimeout()),
        Long.parseLong(
            env.getOrDefault(PREFIX + "MAX_BODY_BYTES", String.valueOf(d.maxBodyBytes()))),
        duration(env, "ACTIVITY_INTERVAL", d.activityInterval()),
        duration(env, "DRAIN_TIMEOUT", d.drainTimeout()),
        duration(env, "STREAM_HEARTBEAT", d.streamHeartbeat()),
        blankToNull(env.get(PREFIX + "POD_IP")),
        UserDefaults.fromEnv(env),
        lease(env.get(PREFIX + "OPERATOR_LEASE")));
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** For tests and embedders: start from {@link #defaults} and change what matters. */
  public static final class Builder {
    private String namespace;
    private String host;
    private int port;
    private String publicUrl;
    private Set<String> allowedOrigins;
    private Set<String> adminGroups;
    private Path apiKeysFile;
    private Duration spawnTimeout;
    private Duration upstreamTimeout;
    private long maxBodyBytes;
    private Duration activityInterval;
    private Duration drainTimeout;
    private Duration streamHeartbeat;
    private String peerHost;
    private UserDefaults userDefaults;
    private String operatorLease;

    private Builder(GatewayConfig c) {
      namespace = c.namespace;
      host = c.host;
      port = c.port;
      publicUrl = c.publicUrl;
      allowedOrigins = c.allowedOrigins;
      adminGroups = c.adminGroups;
      apiKeysFile = c.apiKeysFile;
      spawnTimeout = c.spawnTimeout;
      upstreamTimeout = c.upstreamTimeout;
      maxBodyBytes = c.maxBodyBytes;
      activityInterval = c.activityInterval;
      drainTimeout = c.drainTimeout;
      streamHeartbeat = c.streamHeartbeat;
      peerHost = c.peerHost;
      userDefaults = c.userDefaults;
      operatorLease = c.operatorLease;
    }

    public Builder operatorLease(String v) {
      operatorLease = lease(v);
      return this;
    }

    public Builder userDefaults(UserDefaults v) {
      userDefaults = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder publicUrl(String v) {
      publicUrl = v;
      return this;
    }

    public Builder allowedOrigins(Set<String> v) {
      allowedOrigins = Set.copyOf(v);
      return this;
    }

    public Builder adminGroups(Set<String> v) {
      adminGroups = Set.copyOf(v);
      return this;
    }

    public Builder spawnTimeout(Duration v) {
      spawnTimeout = v;
      return this;
    }

    public Builder upstreamTimeout(Duration v) {
      upstreamTimeout = v;
      return this;
    }

    public Builder maxBodyBytes(long v) {
      maxBodyBytes = v;
      return this;
    }

    public Builder activityInterval(Duration v) {
      activityInterval = v;
      return this;
    }

    public Builder drainTimeout(Duration v) {
      drainTimeout = v;
      return this;
    }

    public Builder streamHeartbeat(Duration v) {
      streamHeartbeat = v;
      return this;
    }

    public Builder peerHost(String v) {
      peerHost = v;
      return this;
    }

    public GatewayConfig build() {
      return new GatewayConfig(
          namespace,
          host,
          port,
          publicUrl,
          allowedOrigins,
          adminGroups,
          apiKeysFile,
          spawnTimeout,
          upstreamTimeout,
          maxBodyBytes,
          activityInterval,
          drainTimeout,
          streamHeartbeat,
          peerHost,
          userDefaults,
          operatorLease);
    }
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(PREFIX + name);
    return value == null || value.isBlank() ? fallback : Durations.parse(value.trim());
  }

  private static Set<String> commaSet(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** {@code <namespace>/<name>} of a Lease, both parts Kubernetes names; blank: null. */
  private static String lease(String value) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    String[] parts = v.split("/", -1);
    if (parts.length != 2 || !Names.isDnsLabel(parts[0]) || !Names.isDnsLabel(parts[1])) {
      throw new IllegalArgumentException(
          PREFIX + "OPERATOR_LEASE must be <namespace>/<name> (Kubernetes names), got: " + v);
    }
    return v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
