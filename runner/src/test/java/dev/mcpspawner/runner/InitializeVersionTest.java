package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner initializes its stdio server once; each client must still get the protocol version it
 * asked for, or clients of older revisions disconnect.
 */
class InitializeVersionTest {
  @TempDir Path tmp;

  @Test
  void eachClientHearsTheVersionItRequested() throws Exception {
    try (Runner runner =
        Runner.start(Fixtures.runnerFor(Fixtures.memoryServer(tmp.resolve("m.jsonl"))).build())) {
      RawMcp mcp = new RawMcp(runner, null);
      for (String version : new String[] {"2025-03-26", "2025-06-18", "2025-11-25"}) {
        var answer =
            RawMcp.last(
                mcp.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\""
                        + version
                        + "\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"));
        assertThat(answer.path("result").path("protocolVersion").asText())
            .as("asked for %s", version)
            .isEqualTo(version);
        assertThat(answer.path("result").path("serverInfo").path("name").asText()).isNotEmpty();
      }
    }
  }
}
