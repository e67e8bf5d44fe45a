package dev.mcpspawner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls on {@code @modelcontextprotocol/server-memory}'s knowledge graph through an MCP Java SDK
 * client: what a session writes and what another session can (not) see.
 */
public final class MemoryGraph {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MemoryGraph() {}

  /** Creates entity {@code name} with one observation; a tool error fails. */
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

  /** The graph the session sees, as {@code read_graph} answers it. */
  public static String graph(McpSyncClient client) {
    return text(client.callTool(new McpSchema.CallToolRequest("read_graph", Map.of())));
  }

  /** Names of every entity in the graph the session sees. */
  public static List<String> entities(McpSyncClient client) {
    String graph = graph(client);
    try {
      List<String> names = new ArrayList<>();
      JsonNode tree = JSON.readTree(graph);
      tree.path("entities").forEach(e -> names.add(e.path("name").asText()));
      return names;
    } catch (Exception e) {
      throw new IllegalStateException("read_graph answered " + graph, e);
    }
  }

  /** The first content of a tool result, as text. */
  public static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }
}
