package dev.mcpspawner.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio server sees exactly the capabilities the client declared, and roots never widen a
 * sandbox beyond its own directories (issue 13, item 9).
 */
class ClientCapabilitiesTest {
  @TempDir Path tmp;

  @Test
  void aClientThatDeclaresNothingIsNotOfferedToolsThatNeedSamplingElicitationOrRoots()
      throws Exception {
    try (Runner runner = Runner.start(Fixtures.runnerFor(Fixtures.everythingServer()).build());
        McpSyncClient client =
            Fixtures.client(
                runner,
                spec -> spec.capabilities(McpSchema.ClientCapabilities.builder().build()),
                null)) {
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("echo")
          .doesNotContain(
              "trigger-sampling-request", "trigger-elicitation-request", "get-roots-list");
    }
  }

  @Test
  void aClientThatDeclaresSamplingIsOfferedSamplingButNotElicitation() throws Exception {
    try (Runner runner = Runner.start(Fixtures.runnerFor(Fixtures.everythingServer()).build());
        McpSyncClient client =
            Fixtures.client(
                runner,
                spec ->
                    spec.capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
                        .sampling(
                            request ->
                                McpSchema.CreateMessageResult.builder()
                                    .content(new McpSchema.TextContent("unused"))
                                    .build()),
                null)) {
      assertThat(client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("trigger-sampling-request")
          .doesNotContain("trigger-elicitation-request", "get-roots-list");
    }
  }

  @Test
  void aStatelessClientDeclaringNoCapabilitiesIsNotOfferedSampling() throws Exception {
    try (Runner runner = Runner.start(Fixtures.runnerFor(Fixtures.everythingServer()).build())) {
      String body =
          """
          {"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{
            "io.modelcontextprotocol/protocolVersion":"2026-07-28",
            "io.modelcontextprotocol/clientInfo":{"name":"bare","version":"1"},
            "io.modelcontextprotocol/clientCapabilities":{}}}}
          """;
      JsonNode answer =
          RawMcp.last(new RawMcp(runner, null).post(body, "MCP-Protocol-Version", "2026-07-28"));
      assertThat(answer.at("/result/tools").findValuesAsText("name"))
          .contains("echo")
          .doesNotContain("trigger-sampling-request", "trigger-elicitation-request");
    }
  }

  @Test
  void rootsOutsideTheSandboxDoNotWidenTheFilesystemServer() throws Exception {
    Path homes = Files.createDirectory(tmp.resolve("homes"));
    Path alice = Files.createDirectory(homes.resolve("alice"));
    Path projects = Files.createDirectory(alice.resolve("projects"));
    Files.createDirectory(homes.resolve("bob"));
    try (Runner runner =
            Runner.start(Fixtures.runnerFor(Fixtures.filesystemServer(alice)).build());
        McpSyncClient client =
            Fixtures.client(
                runner,
                spec ->
                    spec.capabilities(McpSchema.ClientCapabilities.builder().roots(true).build())
                        .roots(
                            new McpSchema.Root(homes.toUri().toString(), "every home"),
                            new McpSchema.Root(projects.toUri().toString(), "projects")),
                null)) {
      // The root inside the sandbox narrows it: once it shows, the server has had the roots.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> allowedDirectories(client).contains(projects.toRealPath().toString()));
      assertThat(allowedDirectories(client)).doesNotContain(homes.toRealPath() + "\n");
      assertThat(
              client
                  .callTool(
                      new McpSchema.CallToolRequest(
                          "list_directory", Map.of("path", homes.toString())))
                  .isError())
          .isTrue();
    }
  }

  private static String allowedDirectories(McpSyncClient client) {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest("list_allowed_directories", Map.of()));
    return ((McpSchema.TextContent) result.content().get(0)).text() + "\n";
  }
}
