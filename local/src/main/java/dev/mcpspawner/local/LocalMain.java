package dev.mcpspawner.local;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator.ApiKey;
import dev.mcpspawner.local.catalog.LocalCatalog;
import dev.mcpspawner.local.catalog.NpmPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mcp-spawner-local.jar [options]} (the options: {@link LocalOptions}, {@code
 * --help}): local mode in the foreground until Ctrl-C.
 */
public final class LocalMain {
  private LocalMain() {}

  public static void main(String[] argv) throws Exception {
    LocalOptions.Settings args;
    try {
      LocalOptions.Parsed parsed = LocalOptions.parse(argv);
      if (parsed instanceof LocalOptions.Help help) {
        System.out.print(help.text());
        return;
      }
      args = (LocalOptions.Settings) parsed;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LocalSignIn.Mode auth = args.get(LocalOptions.AUTH);
    Path data = args.get(LocalOptions.DATA_DIR).toAbsolutePath().normalize();
    Files.createDirectories(data);
    System.setProperty("mcpspawner.local.log", data.resolve("local.log").toString());
    Path npmDir = args.get(LocalOptions.NPM_DIR);
    if (npmDir == null) {
      npmDir =
          Files.isDirectory(Path.of("fixtures/npm"))
              ? Path.of("fixtures/npm")
              : data.resolve("npm");
    }

    System.out.println(
        "mcp-spawner LOCAL MODE: for evaluation and tests, not production."
            + " Everything (API, sessions) lives in this process and on loopback.");
    NpmPackages npm = new NpmPackages(npmDir);
    List<McpServer> catalog = LocalCatalog.offline(LocalCatalog.examples(), npm);

    Map<String, String> keys = new LinkedHashMap<>();
    List<String> users = LocalOptions.userList(args);
    List<ApiKey> entries = apiKeys(users, data.resolve("api-keys"), keys);
    LocalSettings settings =
        LocalSettings.builder(data)
            .ports(args.get(LocalOptions.API_PORT), args.get(LocalOptions.PORT))
            .apiKeys(entries)
            .catalog(catalog)
            .build();
    Map<String, String> passwords = Map.of();
    if (auth == LocalSignIn.Mode.BUILTIN) {
      passwords = LocalSignIn.passwords(users, data.resolve("passwords"));
      settings =
          settings.toBuilder()
              .oauthUsersFile(
                  LocalSignIn.writeUsersFile(data.resolve("oauth-users.yaml"), passwords))
              .build();
    }
    LocalMode local = LocalMode.start(settings);
    Path kubeconfig = local.api().writeKubeconfig(data.resolve("kubeconfig"), settings.namespace());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(
                      "stopping local mode: sessions end, homes stay in " + local.homes());
                  local.close();
                  stopped.countDown();
                },
                "local-shutdown"));
    System.out.println(banner(local, catalog, keys, passwords, kubeconfig, data));
    stopped.await();
  }

  /**
   * The gateway's API keys for {@code users}, each key kept under {@code dir}; the first user is an
   * administrator, so a newcomer can open the dashboard at once. Fills {@code keys} (user → key).
   */
  static List<ApiKey> apiKeys(List<String> users, Path dir, Map<String, String> keys)
      throws java.io.IOException {
    List<ApiKey> entries = new ArrayList<>();
    for (String raw : users) {
      String user = raw.strip();
      String key = LocalApiKeys.keyFor(dir, user);
      keys.put(user, key);
      List<String> groups = entries.isEmpty() ? List.of(LocalSettings.ADMIN_GROUP) : List.of();
      entries.add(LocalApiKeys.entry(user, user, key, groups));
    }
    return entries;
  }

  static String banner(
      LocalMode local,
      List<McpServer> catalog,
      Map<String, String> keys,
      Map<String, String> passwords,
      Path kubeconfig,
      Path data) {
    StringBuilder b = new StringBuilder();
    b.append("\nMCP servers (Streamable HTTP; one sandbox process per MCP session):\n");
    for (McpServer s : catalog) {
      b.append(
          String.format(
              "  %-20s %s%n", s.getMetadata().getName(), local.mcpUrl(s.getMetadata().getName())));
    }
    b.append("\nSign in with an API key: header  Authorization: Bearer <key>\n");
    keys.forEach((user, key) -> b.append(String.format("  user %-14s %s%n", user, key)));
    if (!passwords.isEmpty()) {
      b.append(
          "\nOr sign in with a password (--auth builtin: the gateway's OAuth authorization server;"
              + " the client opens the sign-in page):\n");
      passwords.forEach(
          (user, password) ->
              b.append(String.format("  user %-14s password %s%n", user, password)));
    }
    b.append("\nAdmin dashboard: ")
        .append(local.gatewayUrl())
        .append("/admin  (")
        .append(keys.keySet().iterator().next())
        .append(" is an administrator: sign in there with that key)\n");
    String key = keys.values().iterator().next();
    String memory = local.mcpUrl("memory");
    b.append("\nTry it:\n")
        .append(
            "  MCP Inspector:   npx @modelcontextprotocol/inspector  (transport Streamable HTTP, URL ")
        .append(memory)
        .append(", header Authorization: Bearer <key>)\n")
        .append("  Claude Desktop:  {\"command\": \"npx\", \"args\": [\"mcp-remote\", \"")
        .append(memory)
        .append("\", \"--header\", \"Authorization: Bearer ")
        .append(key)
        .append("\"]}\n");
    if (!passwords.isEmpty()) {
      b.append("  Inspector OAuth: the same URL with no header: Connect opens the sign-in page\n")
          .append("  Claude Desktop:  {\"command\": \"npx\", \"args\": [\"mcp-remote\", \"")
          .append(memory)
          .append("\"]}  (signs in in the browser)\n");
    }
    b.append("  Sessions:        curl -H 'Authorization: Bearer ")
        .append(key)
        .append("' ")
        .append(local.gatewayUrl())
        .append("/sessions\n")
        .append("  Kubernetes API:  kubectl --kubeconfig ")
        .append(kubeconfig)
        .append(" get mcpsessions,mcpservers,pods\n")
        .append("\nUsers' homes: ")
        .append(data.resolve("homes"))
        .append("   log: ")
        .append(data.resolve("local.log"))
        .append("\nCtrl-C stops everything (the API is in memory; homes are kept).\n");
    return b.toString();
  }
}
