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
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
