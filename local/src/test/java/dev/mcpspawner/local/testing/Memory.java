package dev.mcpspawner.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Calls on the memory server's knowledge graph, through an MCP client. */
public final class Memory {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Memory() {}

  /** Creates entity {@code name} with one observation. */
  public static void remember(McpSyncClient client, String name, String observation) {
    McpSchema.CallToolResult r =
        client.callTool(
            new McpSchema.CallToolRequest(
                "create_entities",
                Map.of(
                    "entities",
                    List.of(
                        Map.of(
                            "name",
                            name,
                            "entityType",
                            "note",
                            "observations",
                            List.of(observation))))));
    if (Boolean.TRUE.equals(r.isError())) {
      throw new IllegalStateException("create_entities failed: " + text(r));
    }
  }

  /** Names of every entity in the graph the session sees. */
  public static List<String> entities(McpSyncClient client) {
    McpSchema.CallToolResult r =
        client.callTool(new McpSchema.CallToolRequest("read_graph", Map.of()));
    try {
      JsonNode graph = JSON.readTree(text(r));
      List<String> names = new ArrayList<>();
      graph.path("entities").forEach(e -> names.add(e.path("name").asText()));
      return names;
    } catch (Exception e) {
      throw new IllegalStateException("read_graph answered " + text(r), e);
    }
  }

  public static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }
}
