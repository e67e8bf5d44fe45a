package dev.mcpspawner.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.stream.Stream;

/** A call whose SSE answer is read message by message, to act while it is still running. */
final class StreamingCall implements AutoCloseable {
  private final Stream<String> lines;
  private final Iterator<String> it;
  final int status;

  private StreamingCall(HttpResponse<Stream<String>> response) {
    this.status = response.statusCode();
    this.lines = response.body();
    this.it = lines.iterator();
  }

  static StreamingCall start(URI mcp, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(mcp)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return new StreamingCall(RawMcp.HTTP.send(request, HttpResponse.BodyHandlers.ofLines()));
  }

  /** A GET resuming the stream an event id belongs to. */
  static StreamingCall resume(URI mcp, String lastEventId)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(mcp)
            .header("Accept", "text/event-stream")
            .header("Last-Event-ID", lastEventId)
            .GET()
            .build();
    return new StreamingCall(RawMcp.HTTP.send(request, HttpResponse.BodyHandlers.ofLines()));
  }

  /** A long-running everything-server call that reports progress once a second. */
  static String longRunning(Object id, int seconds) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"trigger-long-running-operation\","
        + "\"arguments\":{\"duration\":"
        + seconds
        + ",\"steps\":"
        + seconds
        + "},\"_meta\":{\"progressToken\":\"t\"}}}";
  }

  /** The SSE id of the last message {@link #next} returned. */
  String lastEventId;

  /** The next JSON-RPC message, or null at the end of the stream. */
  JsonNode next() throws IOException {
    while (it.hasNext()) {
      String line = it.next();
      if (line.startsWith("id: ")) {
        lastEventId = line.substring(4);
      }
      if (line.startsWith("data: ")) {
        return JsonRpc.MAPPER.readTree(line.substring(6));
      }
    }
    return null;
  }

  /** The last message of the stream. */
  JsonNode last() throws IOException {
    JsonNode last = null;
    for (JsonNode m = next(); m != null; m = next()) {
      last = m;
    }
    return last;
  }

  @Override
  public void close() {
    lines.close();
  }
}
