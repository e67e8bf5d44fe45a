package dev.mcpspawner.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

  /**
   * Writes a 2026-07-28 POST of {@code body} by hand on {@code socket}, headers mirrored as a
   * client does, so that a test can hang up on it whenever it likes.
   */
  static void writeStatelessPost(Socket socket, String body, String accept) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .append("Content-Type: application/json\r\nAccept: ")
            .append(accept)
            .append("\r\nMCP-Protocol-Version: ")
            .append(StatelessRequests.VERSION)
            .append("\r\n");
    for (String[] header : mirrored(body, "MCP-Protocol-Version", StatelessRequests.VERSION)) {
      head.append(header[0]).append(": ").append(header[1]).append("\r\n");
    }
    head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
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
