package dev.mcpspawner.gateway;

import dev.mcpspawner.crds.UserDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

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

  /** Defaults for everything but the namespace; tests start from here. */
  public static GatewayConfig defaults(String namespace) {
    return fromEnv(Map.of(), namespace);
  }

  /**
   * Reads {@link GatewayOptions#ALL} from {@code env} (other variables are ignored): unset or blank
   * means the default, a malformed value fails naming its variable.
   */
  public static GatewayConfig fromEnv(Map<String, String> env, String fallbackNamespace) {
    String namespace = GatewayOptions.SESSIONS_NAMESPACE.from(env);
    return new GatewayConfig(
        namespace != null ? namespace : fallbackNamespace,
        GatewayOptions.GATEWAY_HOST.from(env),
        GatewayOptions.GATEWAY_PORT.from(env),
        GatewayOptions.PUBLIC_URL.from(env),
        GatewayOptions.ALLOWED_ORIGINS.from(env),
        GatewayOptions.ADMIN_GROUPS.from(env),
        GatewayOptions.API_KEYS_FILE.from(env),
        GatewayOptions.SPAWN_TIMEOUT.from(env),
        GatewayOptions.UPSTREAM_TIMEOUT.from(env),
        GatewayOptions.MAX_BODY_BYTES.from(env),
        GatewayOptions.ACTIVITY_INTERVAL.from(env),
        GatewayOptions.DRAIN_TIMEOUT.from(env),
        GatewayOptions.STREAM_HEARTBEAT.from(env),
        GatewayOptions.POD_IP.from(env),
        UserDefaults.fromEnv(env),
        GatewayOptions.OPERATOR_LEASE.from(env));
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
      operatorLease = v == null || v.isBlank() ? null : GatewayOptions.leaseName(v.trim());
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
}
