package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.local.catalog.LocalCatalog;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.oauth.testing.HeadlessChromium;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Claude Desktop's way in: {@code mcp-remote} (pinned in fixtures/mcp-remote) against local mode
 * started with {@code --auth builtin}. It finds the gateway's authorization server, registers
 * itself, and sends the person to the sign-in page (headless Chromium types the password local mode
 * printed and allows); with the token it got, the MCP client on its stdio lists and calls the
 * memory server's tools in the signed-in user's own session. A second start signs in from the
 * tokens it kept, without the browser.
 */
class McpRemoteSignInTest {
  static final String USER = "desktop@example.com";
  static final Path MCP_REMOTE =
      E2e.FIXTURES.resolve("mcp-remote/node_modules/mcp-remote/dist/proxy.js");
  static final String READY = "Local STDIO server running";
  static final String AUTHORIZE = "Please authorize this client by visiting:";

  final ObjectMapper json = new ObjectMapper();

  @Test
  void mcpRemoteSignsInThroughTheBrowserThenListsAndCallsToolsOverStdio() throws Exception {
    HeadlessChromium.assumeAvailable();
    assumeTrue(Files.exists(MCP_REMOTE), "needs `npm ci` in fixtures/mcp-remote");
    Path data = Files.createTempDirectory("mcp-spawner-mcp-remote-");
    Map<String, String> passwords = LocalSignIn.passwords(List.of(USER), data.resolve("passwords"));
    LocalSettings settings =
        LocalSettings.builder(data)
            .ports(0, 0)
            .catalog(
                LocalCatalog.offline(LocalCatalog.examples(), new NpmPackages(E2e.NPM)).stream()
                    .filter(s -> s.getMetadata().getName().equals("memory"))
                    .toList())
            .userDefaults(UserDefaults.NO_LIMITS)
            .runnerCacheDir(E2e.RUNNER_CACHE)
            .oauthUsersFile(LocalSignIn.writeUsersFile(data.resolve("oauth-users.yaml"), passwords))
            .build();
    Path config = data.resolve("mcp-auth");
    int callbackPort = freePort();

    try (LocalMode local = LocalMode.start(settings);
        KubernetesClient api = local.newClient()) {
      String url = local.mcpUrl("memory");
      try (McpRemote remote = McpRemote.start(url, callbackPort, config);
          HeadlessChromium browser = new HeadlessChromium()) {
        String authorize = remote.authorizationUrl();
        assertThat(authorize).startsWith(local.gatewayUrl() + "/oauth/authorize?");
        browser.open(authorize);
        browser.waitForText("Sign in");
        browser.type("#username", USER);
        browser.type("#password", passwords.get(USER));
        browser.click("#sign-in");
        browser.waitFor("#allow");
        browser.click("#allow");
        remote.awaitReady();
        assertThat(browser.currentUrl()).startsWith("http://localhost:" + callbackPort);

        JsonNode init =
            remote.call(
                "initialize",
                json.readTree(
                    "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"claude-desktop-test\",\"version\":\"1\"}}"));
        assertThat(init.path("result").path("serverInfo").path("name").asText())
            .as(init.toString())
            .contains("memory");
        remote.notify("notifications/initialized");
        JsonNode tools = remote.call("tools/list", json.createObjectNode());
        assertThat(tools.path("result").path("tools").findValuesAsText("name"))
            .contains("create_entities", "read_graph");
        JsonNode created =
            remote.call(
                "tools/call",
                json.readTree(
                    "{\"name\":\"create_entities\",\"arguments\":{\"entities\":[{\"name\":"
                        + "\"desktop-note\",\"entityType\":\"note\",\"observations\":[\"via"
                        + " mcp-remote\"]}]}}"));
        assertThat(created.path("result").path("isError").asBoolean()).isFalse();
        JsonNode graph =
            remote.call("tools/call", json.readTree("{\"name\":\"read_graph\",\"arguments\":{}}"));
        assertThat(graph.path("result").toString()).contains("desktop-note", "via mcp-remote");
      }
      List<McpSession> sessions =
          api.resources(McpSession.class).inNamespace(settings.namespace()).list().getItems();
      assertThat(sessions)
          .anySatisfy(
              s -> {
                assertThat(s.getSpec().getUser()).isEqualTo(USER);
                assertThat(s.getSpec().getServer()).isEqualTo("memory");
              });

      // Claude Desktop restarted: mcp-remote signs in with the tokens it kept.
      try (McpRemote again = McpRemote.start(url, callbackPort, config)) {
        again.awaitReady();
        assertThat(again.stderr()).noneMatch(line -> line.contains(AUTHORIZE));
        JsonNode init =
            again.call(
                "initialize",
                json.readTree(
                    "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"claude-desktop-test\",\"version\":\"1\"}}"));
        assertThat(init.has("result")).as(init.toString()).isTrue();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One mcp-remote process: its stdio is the MCP client's side, its stderr its log. */
  static final class McpRemote implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final BufferedWriter stdin;
    private final BlockingQueue<JsonNode> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private int nextId = 1;

    private McpRemote(Process process) {
      this.process = process;
      this.stdin =
          new BufferedWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      Thread.ofVirtual()
          .start(
              () -> {
                try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
                  for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                      stdout.add(JSON.readTree(line));
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
              });
      Thread.ofVirtual()
          .start(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    stderr.add(line);
                  }
                } catch (IOException e) {
                  // the process ended
                }
              });
    }

    /**
     * As Claude Desktop runs it, with its config (client registration, tokens) in {@code config}
     * and a browser opener that does nothing: the test opens the URL mcp-remote prints.
     */
    static McpRemote start(String url, int callbackPort, Path config) throws IOException {
      ProcessBuilder pb =
          new ProcessBuilder(
              new NpmPackages(E2e.NPM).node(),
              MCP_REMOTE.toString(),
              url,
              Integer.toString(callbackPort));
      Map<String, String> env = pb.environment();
      env.remove("DISPLAY");
      env.remove("WAYLAND_DISPLAY");
      env.put("BROWSER", "/bin/true");
      env.put("MCP_REMOTE_CONFIG_DIR", config.toString());
      return new McpRemote(pb.start());
    }

    /** The authorization URL mcp-remote asks the person to visit. */
    String authorizationUrl() {
      return await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                int at = stderr.indexOf(AUTHORIZE);
                return at < 0
                    ? Optional.<String>empty()
                    : stderr.subList(at + 1, stderr.size()).stream()
                        .map(String::strip)
                        .filter(l -> l.startsWith("http"))
                        .findFirst();
              },
              found -> found.isPresent() || !process.isAlive())
          .orElseThrow(() -> new AssertionError("mcp-remote printed no URL: " + stderr));
    }

    void awaitReady() {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> stderr.stream().anyMatch(l -> l.contains(READY)) || !process.isAlive());
      assertThat(process.isAlive()).as("mcp-remote ended: %s", stderr).isTrue();
    }

    List<String> stderr() {
      return List.copyOf(stderr);
    }

    JsonNode call(String method, JsonNode params) throws Exception {
      int id = nextId++;
      send(
          JSON.createObjectNode()
              .put("jsonrpc", "2.0")
              .put("id", id)
              .put("method", method)
              .set("params", params));
      while (true) {
        JsonNode message = stdout.poll(90, TimeUnit.SECONDS);
        if (message == null) {
          throw new AssertionError("no answer to " + method + "; mcp-remote log: " + stderr);
        }
        if (message.path("id").asInt(-1) == id) {
          return message;
        }
      }
    }

    void notify(String method) throws IOException {
      send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method));
    }

    private void send(JsonNode message) throws IOException {
      stdin.write(message.toString());
      stdin.write("\n");
      stdin.flush();
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
