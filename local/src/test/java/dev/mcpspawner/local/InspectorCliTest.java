package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.testing.E2e;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MCP Inspector's CLI ({@code @modelcontextprotocol/inspector} 2.12.0, unmodified, pinned in
 * {@code fixtures/inspector}) through the gateway in local mode, over the legacy SSE route and
 * Streamable HTTP (the CLI's legacy 2025 era, and its modern era speaking 2026-07-28), signed in
 * with an API key given as a header, against the everything server: {@code tools/list}, {@code
 * tools/call}, {@code resources/list}, {@code prompts/list}, one CLI run (one MCP session) each, as
 * a user scripting the Inspector would (issue 13).
 */
class InspectorCliTest {
  private static final String USER = "ines@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path INSPECTOR =
      E2e.FIXTURES.resolve(
          "inspector/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @ParameterizedTest
  @ValueSource(strings = {"sse", "http", "http-modern", "http-auto"})
  void listsToolsCallsOneAndListsResourcesAndPrompts(String transport) throws Exception {
    Sandboxes sandboxes = new Sandboxes();
    JsonNode tools = inspector(transport, "--method", "tools/list");
    sandboxes.afterRun();
    assertThat(tools.path("tools").findValuesAsText("name"))
        .as(shown(tools))
        .contains("echo", "get-tiny-image", "get-sum");

    JsonNode echo =
        inspector(
            transport,
            "--method",
            "tools/call",
            "--tool-name",
            "echo",
            "--tool-arg",
            "message=hi from the inspector over " + transport);
    sandboxes.afterRun();
    assertThat(echo.path("isError").asBoolean(false)).as(shown(echo)).isFalse();
    assertThat(echo.path("content").findValuesAsText("text"))
        .as(shown(echo))
        .anyMatch(t -> t.contains("hi from the inspector over " + transport));

    JsonNode resources = inspector(transport, "--method", "resources/list");
    sandboxes.afterRun();
    assertThat(resources.path("resources").findValuesAsText("uri"))
        .as(shown(resources))
        .isNotEmpty()
        .allMatch(uri -> uri.contains("://"));

    JsonNode prompts = inspector(transport, "--method", "prompts/list");
    sandboxes.afterRun();
    assertThat(prompts.path("prompts").findValuesAsText("name"))
        .as(shown(prompts))
        .contains("simple-prompt");

    if (transport.endsWith("-modern")) {
      // 2026-07-28 is stateless: the sandbox is keyed by the client, so all four runs share one.
      assertThat(sandboxes.created).containsExactly(1, 0, 0, 0);
    } else if (transport.endsWith("-auto")) {
      // In auto the CLI asks server/discover first and the gateway answers it, so it speaks
      // 2026-07-28 too: no session per run, at most one sandbox for the client (none when the
      // modern run's is still alive), where the legacy era opens one per run.
      assertThat(sandboxes.created.subList(1, 4)).containsOnly(0);
      assertThat(sandboxes.created.get(0)).isLessThanOrEqualTo(1);
    } else {
      // A 2025 session per CLI run (the CLI never sends DELETE; each lives until idle timeout).
      assertThat(sandboxes.created).containsExactly(1, 1, 1, 1);
    }
  }

  /** How many everything-server sessions of this user each CLI run created. */
  private static final class Sandboxes {
    final Set<String> seen = names();
    final List<Integer> created = new ArrayList<>();

    void afterRun() {
      Set<String> now = names();
      now.removeAll(seen);
      created.add(now.size());
      seen.addAll(now);
    }

    private static Set<String> names() {
      Set<String> names = new HashSet<>();
      for (McpSession s : e2e.sessions()) {
        if (s.getSpec().getServer().equals("everything") && s.getSpec().getUser().equals(USER)) {
          names.add(s.getMetadata().getName());
        }
      }
      return names;
    }
  }

  /** A result's beginning, enough to tell what went wrong. */
  private static String shown(JsonNode result) {
    String s = result.toString();
    return s.length() <= 1000 ? s : s.substring(0, 1000) + "…";
  }

  /** One Inspector CLI run against the everything server; the result it printed. */
  private static JsonNode inspector(String transport, String... method) throws Exception {
    assertThat(INSPECTOR).as("needs `npm ci` in fixtures/inspector").isRegularFile();
    String url =
        transport.startsWith("sse")
            ? e2e.local().gatewayUrl() + "/everything/sse"
            : e2e.local().mcpUrl("everything");
    // Its own home: the CLI keeps a catalog and client settings under ~/.mcp-inspector.
    Path home = Files.createTempDirectory("mcp-spawner-inspector-");
    Path log = home.resolve("out.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                new NpmPackages(E2e.NPM).node(),
                INSPECTOR.toString(),
                "--cli",
                "--transport",
                transport.startsWith("sse") ? "sse" : "http",
                // Ad-hoc URL runs default to the legacy (2025) era; "modern" speaks 2026-07-28;
                // "auto" negotiates.
                "--protocol-era",
                transport.endsWith("-modern")
                    ? "modern"
                    : transport.endsWith("-auto") ? "auto" : "legacy",
                "--server-url",
                url,
                "--header",
                "Authorization: Bearer " + e2e.key(USER),
                "--format",
                "json",
                "--quiet"));
    command.addAll(List.of(method));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectError(home.resolve("err.log").toFile())
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    Process p = builder.start();
    try {
      boolean done = p.waitFor(2, TimeUnit.MINUTES);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      String err = Files.readString(home.resolve("err.log"), StandardCharsets.UTF_8);
      String both = "stdout:\n" + out + "\nstderr:\n" + err;
      assertThat(done).as(both).isTrue();
      assertThat(p.exitValue()).as(both).isZero();
      JsonNode printed = JSON.readTree(out);
      assertThat(printed.has("result")).as(both).isTrue();
      return printed.get("result");
    } finally {
      p.destroyForcibly();
      deleteTree(home);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
