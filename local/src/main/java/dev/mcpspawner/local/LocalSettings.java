package dev.mcpspawner.local;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator.ApiKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a local mode is started with.
 *
 * @param dataDir pods' scratch directories ({@code pods/}), users' homes ({@code homes/}), the
 *     kubeconfig and the log
 * @param apiPort the embedded API's loopback port (0: any)
 * @param gatewayPort the gateway's loopback port (0: any)
 * @param catalog McpServers applied at start
 * @param activityInterval how often the gateway writes last-activity (must stay below every idle
 *     timeout of the catalog)
 * @param podBlock second octet of the 127.N.0.0/16 block session pods get addresses from
 * @param userDefaults limits of users whose McpUser leaves them unset (gateway and operator)
 * @param runnerCacheDir where the runner's AOT cache is built and kept ({@code aot/} of the data
 *     directory by default; several local modes may share one; null: runners as before JDK 25, on
 *     this process's class path without a cache)
 * @param oauthUsersFile null: clients sign in with the API keys only; else the gateway also runs
 *     its built-in OAuth authorization server, with the local users (bcrypt hashes) of this file
 *     (see {@link LocalSignIn})
 */
public record LocalSettings(
    Path dataDir,
    String namespace,
    int apiPort,
    int gatewayPort,
    List<ApiKey> apiKeys,
    List<McpServer> catalog,
    Duration activityInterval,
    Duration spawnTimeout,
    int podBlock,
    UserDefaults userDefaults,
    Path runnerCacheDir,
    Path oauthUsersFile) {

  public static final String NAMESPACE = "mcp-spawner";

  /** How often the gateway writes a session's last activity, unless set. */
  public static final Duration DEFAULT_ACTIVITY_INTERVAL = Duration.ofSeconds(30);

  /** Local mode's administrators: the group of the first user named by {@code --users}. */
  public static final String ADMIN_GROUP = "mcp-admins";

  /** A builder starting from the defaults, with the data under {@code dataDir}. */
  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public static final class Builder {
    private final Path dataDir;
    private String namespace = NAMESPACE;
    private int apiPort;
    private int gatewayPort = 8080;
    private List<ApiKey> apiKeys = List.of();
    private List<McpServer> catalog = List.of();
    private Duration activityInterval = DEFAULT_ACTIVITY_INTERVAL;
    private Duration spawnTimeout = Duration.ofMinutes(2);
    private int podBlock = 10;
    private UserDefaults userDefaults = UserDefaults.BUILT_IN;
    private Path runnerCacheDir;
    private Path oauthUsersFile;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
      this.runnerCacheDir = dataDir.resolve("aot");
    }

    private Builder(LocalSettings s) {
      dataDir = s.dataDir;
      namespace = s.namespace;
      apiPort = s.apiPort;
      gatewayPort = s.gatewayPort;
      apiKeys = s.apiKeys;
      catalog = s.catalog;
      activityInterval = s.activityInterval;
      spawnTimeout = s.spawnTimeout;
      podBlock = s.podBlock;
      userDefaults = s.userDefaults;
      runnerCacheDir = s.runnerCacheDir;
      oauthUsersFile = s.oauthUsersFile;
    }

    /** The embedded API's and the gateway's loopback ports (0: any free one). */
    public Builder ports(int api, int gateway) {
      apiPort = port(api);
      gatewayPort = port(gateway);
      return this;
    }

    public Builder apiKeys(List<ApiKey> keys) {
      apiKeys = List.copyOf(keys);
      return this;
    }

    public Builder catalog(List<McpServer> servers) {
      catalog = List.copyOf(servers);
      return this;
    }

    public Builder activityInterval(Duration interval) {
      activityInterval = interval;
      return this;
    }

    public Builder spawnTimeout(Duration timeout) {
      spawnTimeout = timeout;
      return this;
    }

    public Builder userDefaults(UserDefaults defaults) {
      userDefaults = defaults;
      return this;
    }

    /** Null: runners without an AOT cache, on this process's class path. */
    public Builder runnerCacheDir(Path dir) {
      runnerCacheDir = dir;
      return this;
    }

    /** Null: API keys only; else also the built-in sign-in with this file's users. */
    public Builder oauthUsersFile(Path file) {
      oauthUsersFile = file;
      return this;
    }

    public LocalSettings build() {
      return new LocalSettings(
          dataDir,
          namespace,
          apiPort,
          gatewayPort,
          apiKeys,
          catalog,
          activityInterval,
          spawnTimeout,
          podBlock,
          userDefaults,
          runnerCacheDir,
          oauthUsersFile);
    }

    private static int port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
      }
      return port;
    }
  }
}
