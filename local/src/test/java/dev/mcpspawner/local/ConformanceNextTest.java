package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.local.catalog.NpmPackages;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.runner.Runner;
import dev.mcpspawner.runner.RunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite's 0.2 pre-release ({@code @modelcontextprotocol/conformance}
 * 0.2.0-alpha.12, pinned in {@code fixtures/conformance-next}) at {@code --spec-version
 * 2026-07-28}: its server scenarios against the project's conformance fixture server behind a
 * runner directly, and through the gateway signed in with an API key. The gateway adds nothing and
 * takes nothing away: every scenario ends the same way through it as directly (issue 13). {@link
 * ConformanceTest} keeps running 0.1.16.
 */
class ConformanceNextTest {
  private static final String USER = "gina@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SUITE = E2e.FIXTURES.resolve("conformance-next/node_modules");
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @TempDir Path results;

  @Test
  void everyScenarioEndsTheSameWayThroughTheGatewayAsDirectly() throws Exception {
    assertThat(SUITE.resolve("@modelcontextprotocol/conformance/dist/index.js"))
        .as("needs `npm ci` in fixtures/conformance-next")
        .isRegularFile();
    Path fixture = E2e.FIXTURES.resolve("conformance-server/server.mjs");
    Map<String, Boolean> direct;
    try (Runner runner =
        Runner.start(
            RunnerConfig.builder(new NpmPackages(E2e.NPM).node(), fixture.toString()).build())) {
      direct =
          outcomes(
              run("http://localhost:" + runner.port() + "/mcp", null, results.resolve("direct")));
    }
    Map<String, Boolean> gateway =
        outcomes(
            run(e2e.local().mcpUrl(E2e.CONFORMANCE), e2e.key(USER), results.resolve("gateway")));

    long passedDirect = direct.values().stream().filter(ok -> ok).count();
    long passedGateway = gateway.values().stream().filter(ok -> ok).count();
    System.out.printf(
        "conformance 0.2.0-alpha.12 at 2026-07-28: %d scenarios, passed %d direct, %d through the"
            + " gateway; not passed directly: %s%n",
        direct.size(),
        passedDirect,
        passedGateway,
        direct.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList());
    assertThat(direct).as(Files.readString(results.resolve("direct/conformance.log"))).isNotEmpty();
    assertThat(gateway)
        .as(Files.readString(results.resolve("gateway/conformance.log")))
        .isEqualTo(direct);
  }

  private static Path run(String url, String bearer, Path out) throws Exception {
    Files.createDirectories(out);
    ProcessBuilder pb =
        new ProcessBuilder(
                new NpmPackages(E2e.NPM).node(),
                "--import",
                Path.of("src/test/fixtures/bearer-fetch.mjs").toAbsolutePath().toString(),
                SUITE.resolve("@modelcontextprotocol/conformance/dist/index.js").toString(),
                "server",
                "--url",
                url,
                "--suite",
                "all",
                "--spec-version",
                "2026-07-28",
                "-o",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("conformance.log").toFile());
    if (bearer != null) {
      pb.environment().put("MCP_BEARER", bearer);
      pb.environment().put("MCP_UNDICI", SUITE.resolve("undici/index.js").toUri().toString());
    }
    Process p = pb.start();
    try {
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the suite finished").isTrue();
    } finally {
      p.destroyForcibly();
    }
    return out;
  }

  /** Per scenario (a directory holding a checks.json): true when none of its checks failed. */
  private static Map<String, Boolean> outcomes(Path out) throws IOException {
    Map<String, Boolean> outcomes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path file : files.filter(f -> f.endsWith("checks.json")).toList()) {
        boolean ok = true;
        for (JsonNode check : JSON.readTree(file.toFile())) {
          ok &= !"FAILURE".equals(check.path("status").asText());
        }
        // Directories are named <scenario>-<timestamp>.
        String scenario =
            file.getParent().getFileName().toString().replaceAll("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
        outcomes.merge(scenario, ok, Boolean::logicalAnd);
      }
    }
    return outcomes;
  }
}
