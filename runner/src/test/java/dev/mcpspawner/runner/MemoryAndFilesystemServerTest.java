package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.testing.MemoryGraph;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory and filesystem servers behind the runner, with the environment the operator sets. */
class MemoryAndFilesystemServerTest {
  @TempDir Path tmp;

  @Test
  void memoryServerKeepsItsGraphInTheFileItsEnvironmentNames() throws Exception {
    Path memory = tmp.resolve("memory.jsonl");
    try (Runner runner =
            Runner.start(
                Fixtures.runnerFor(Fixtures.memoryServer(memory))
                    .env("MEMORY_FILE_PATH", memory.toString())
                    .build());
        McpSyncClient client = Fixtures.client(runner, spec -> spec, null)) {
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("create_entities", "read_graph");
      MemoryGraph.remember(client, "Ada", "wrote the first program");
      assertThat(MemoryGraph.graph(client)).contains("wrote the first program");
    }
    assertThat(Files.readString(memory)).contains("Ada");
  }

  @Test
  void filesystemServerSeesOnlyTheDirectoryItWasGiven() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.writeString(root.resolve("hello.txt"), "hello from the session dir");
    try (Runner runner = Runner.start(Fixtures.runnerFor(Fixtures.filesystemServer(root)).build());
        McpSyncClient client = Fixtures.client(runner, spec -> spec, null)) {
      assertThat(
              MemoryGraph.text(
                  client.callTool(
                      new McpSchema.CallToolRequest(
                          "read_text_file", Map.of("path", root.resolve("hello.txt").toString())))))
          .isEqualTo("hello from the session dir");
      McpSchema.CallToolResult outside =
          client.callTool(
              new McpSchema.CallToolRequest("read_text_file", Map.of("path", "/etc/hostname")));
      assertThat(outside.isError()).isTrue();
    }
  }
}
