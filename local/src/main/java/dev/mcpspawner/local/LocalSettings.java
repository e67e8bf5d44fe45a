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

  /** Local mode's administrators: the group of the first user named by {@code --users}. */
  public static final String ADMIN_GROUP = "mcp-admins";

  public static LocalSettings defaults(Path dataDir) {
    return new LocalSettings(
        dataDir,
        NAMESPACE,
        0,
        8080,
        List.of(),
        List.of(),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        10,
        UserDefaults.BUILT_IN,
        dataDir.resolve("aot"),
        null);
  }

  public LocalSettings withPorts(int api, int gateway) {
    return new LocalSettings(
        dataDir,
        namespace,
        api,
        gateway,
        apiKeys,
        catalog,
        activityInterval,
        spawnTimeout,
        podBlock,
        userDefaults,
        runnerCacheDir,
        oauthUsersFile);
  }

  public LocalSettings withApiKeys(List<ApiKey> keys) {
    return new LocalSettings(
        dataDir,
        namespace,
        apiPort,
        gatewayPort,
        keys,
        catalog,
        activityInterval,
        spawnTimeout,
        podBlock,
        userDefaults,
        runnerCacheDir,
        oauthUsersFile);
  }

  public LocalSettings withCatalog(List<McpServer> servers) {
    return new LocalSettings(
        dataDir,
        namespace,
        apiPort,
        gatewayPort,
        apiKeys,
        servers,
        activityInterval,
        spawnTimeout,
        podBlock,
        userDefaults,
        runnerCacheDir,
        oauthUsersFile);
  }

  public LocalSettings withActivityInterval(Duration interval) {
    return new LocalSettings(
        dataDir,
        namespace,
        apiPort,
        gatewayPort,
        apiKeys,
        catalog,
        interval,
        spawnTimeout,
        podBlock,
        userDefaults,
        runnerCacheDir,
        oauthUsersFile);
  }

  public LocalSettings withSpawnTimeout(Duration timeout) {
    return new LocalSettings(
        dataDir,
        namespace,
        apiPort,
        gatewayPort,
        apiKeys,
        catalog,
        activityInterval,
        timeout,
        podBlock,
        userDefaults,
        runnerCacheDir,
        oauthUsersFile);
  }

  public LocalSettings withUserDefaults(UserDefaults defaults) {
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
        defaults,
        runnerCacheDir,
        oauthUsersFile);
  }

  public LocalSettings withRunnerCacheDir(Path dir) {
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
        dir,
        oauthUsersFile);
  }

  public LocalSettings withOAuthUsersFile(Path file) {
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
        file);
  }
}
