package dev.mcpspawner.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.McpRevisions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateless (2026-07-28) MCP client over plain HTTP: no handshake and no session header; version
 * and client info travel in {@code _meta} and the mirrored headers. The gateway keys its sandbox by
 * (user, server, client identity), here the API key's id.
 */
public final class StatelessClient {
  private static final String VERSION = McpRevisions.STATELESS;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final URI uri;
  private final String key;
  private final AtomicInteger ids = new AtomicInteger();

  public StatelessClient(String mcpUrl, String key) {
    this.uri = URI.create(mcpUrl);
    this.key = key;
  }

  /** Calls {@code tool} and returns the text of its first content item. */
  public String call(String tool, Map<String, Object> arguments) throws Exception {
    ObjectNode body =
        JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet());
    body.put("method", "tools/call");
    ObjectNode params = body.putObject("params").put("name", tool);
    params.set("arguments", JSON.valueToTree(arguments));
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", VERSION);
    meta.putObject("io.modelcontextprotocol/clientInfo")
        .put("name", "e2e-stateless")
        .put("version", "1");
    meta.putObject("io.modelcontextprotocol/clientCapabilities");
    HttpResponse<String> r =
        HTTP.send(
            McpPost.to(uri, key, body.toString())
                .header("MCP-Protocol-Version", VERSION)
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", tool)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
    }
    JsonNode answer = lastMessage(r);
    if (answer.has("error")) {
      throw new IllegalStateException("error: " + answer.get("error"));
    }
    return answer.at("/result/content/0/text").asText();
  }

  /** Names of the memory graph's entities. */
  public List<String> entities() throws Exception {
    JsonNode graph = JSON.readTree(call("read_graph", Map.of()));
    List<String> names = new ArrayList<>();
    graph.path("entities").forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  public void remember(String name) throws Exception {
    call(
        "create_entities",
        Map.of(
            "entities",
            List.of(
                Map.of("name", name, "entityType", "note", "observations", List.of("stateless")))));
  }

  private static JsonNode lastMessage(HttpResponse<String> r) throws Exception {
    if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
      String last = null;
      for (String line : r.body().split("\n")) {
        if (line.startsWith("data:")) {
          last = line.substring(5).trim();
        }
      }
      return JSON.readTree(last);
    }
    return JSON.readTree(r.body());
  }
}
