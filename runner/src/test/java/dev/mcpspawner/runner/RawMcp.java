package dev.mcpspawner.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Plain HTTP against {@code /mcp}, for what an SDK client hides: ids, headers, SSE framing. */
final class RawMcp {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URI uri;
  private final String token;

  RawMcp(Runner runner, String token) {
    this.uri = runner.mcpUri();
    this.token = token;
  }

  HttpResponse<String> post(String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (String[] header : mirrored(body, headers)) {
      request.setHeader(header[0], header[1]);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@link #mirrored} as header lines for a request written by hand, each ending in CRLF. */
  static String mirroredLines(String body) {
    StringBuilder lines = new StringBuilder();
    for (String[] header : mirrored(body, "MCP-Protocol-Version", StatelessRequests.VERSION)) {
      lines.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    return lines.toString();
  }

  /**
   * The request metadata headers a 2026-07-28 client mirrors from the body ({@code Mcp-Method},
   * {@code Mcp-Name}), when the request says it is one and sets neither itself.
   */
  static List<String[]> mirrored(String body, String... headers) {
    List<String[]> mirrored = new ArrayList<>();
    boolean stateless = false;
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Mcp-Method") || headers[i].equalsIgnoreCase("Mcp-Name")) {
        return mirrored; // the test sets them itself, or leaves one out on purpose
      }
      stateless |=
          headers[i].equalsIgnoreCase("MCP-Protocol-Version")
              && headers[i + 1].compareTo(StatelessRequests.VERSION) >= 0;
    }
    JsonNode request;
    try {
      request = JsonRpc.MAPPER.readTree(body);
    } catch (IOException e) {
      return mirrored;
    }
    if (!stateless || request == null || !request.path("method").isTextual()) {
      return mirrored;
    }
    mirrored.add(new String[] {"Mcp-Method", request.get("method").asText()});
    JsonNode params = request.path("params");
    JsonNode name = params.has("name") ? params.get("name") : params.get("uri");
    if (name != null && name.isTextual()) {
      mirrored.add(new String[] {"Mcp-Name", name.asText()});
    }
    return mirrored;
  }

  /** The JSON-RPC messages of a response, whether it came as JSON or as SSE. */
  static List<JsonNode> messages(HttpResponse<String> response) throws IOException {
    List<JsonNode> messages = new ArrayList<>();
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("text/event-stream")) {
      for (String line : response.body().split("\n")) {
        if (line.startsWith("data: ")) {
          messages.add(JsonRpc.MAPPER.readTree(line.substring(6)));
        }
      }
    } else {
      messages.add(JsonRpc.MAPPER.readTree(response.body()));
    }
    return messages;
  }

  static JsonNode last(HttpResponse<String> response) throws IOException {
    List<JsonNode> messages = messages(response);
    return messages.get(messages.size() - 1);
  }

  static String toolCall(Object id, String tool, String argumentsJson) {
    String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + idJson
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":"
        + argumentsJson
        + "}}";
  }
}
