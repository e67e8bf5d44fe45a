package dev.mcpspawner.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A raw HTTP client for the gateway's MCP endpoint, for what the MCP SDK will not send. */
public final class McpHttp {
  public static final String ACCEPT_BOTH = "application/json, text/event-stream";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public McpHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public String base() {
    return base;
  }

  /** A request to {@code path} with the given header pairs (null values are skipped). */
  public HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      if (headers[i + 1] != null) {
        b.header(headers[i], headers[i + 1]);
      }
    }
    return b;
  }

  /** POSTs JSON with both Accept types and the key as bearer, plus extra header pairs. */
  public HttpResponse<String> post(String server, String key, String body, String... headers) {
    List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
    all.addAll(List.of("Accept", ACCEPT_BOTH));
    if (key != null) {
      all.addAll(List.of("Authorization", "Bearer " + key));
    }
    all.addAll(List.of(headers));
    return send(
        request("/mcp/" + server, all.toArray(String[]::new))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** GETs {@code path} with the key as bearer (none when null), plus extra header pairs. */
  public HttpResponse<String> get(String path, String key, String... headers) {
    return send(request(path, withBearer(key, headers)).GET().build());
  }

  /** DELETEs {@code path} with the key as bearer (none when null), plus extra header pairs. */
  public HttpResponse<String> delete(String path, String key, String... headers) {
    return send(request(path, withBearer(key, headers)).DELETE().build());
  }

  /** POSTs {@code body} to {@code path} with exactly the given header pairs, nothing added. */
  public HttpResponse<String> postExactly(String path, String body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** POSTs JSON into an existing stateful session, naming its id and protocol version. */
  public HttpResponse<String> postInSession(
      String server, String key, String sessionId, String version, String body) {
    return post(server, key, body, "Mcp-Session-Id", sessionId, "MCP-Protocol-Version", version);
  }

  /**
   * POSTs a 2026-07-28 tools/call of {@code tool} with the routing headers that go with it (the
   * version, {@code Mcp-Method}, {@code Mcp-Name}), plus extra header pairs.
   */
  public HttpResponse<String> postStatelessCall(
      String server, String key, int id, String tool, String argsJson, String... headers) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "MCP-Protocol-Version",
                "2026-07-28",
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                tool));
    all.addAll(List.of(headers));
    return post(server, key, statelessCall(id, tool, argsJson), all.toArray(String[]::new));
  }

  /** PUTs JSON to {@code path} with the key as bearer. */
  public HttpResponse<String> putJson(String path, String key, String json) {
    return send(
        request(path, withBearer(key, "Content-Type", "application/json"))
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /**
   * The head of a raw HTTP/1.1 POST to {@code /mcp/echo} as the JDK client would not send it: the
   * request line and the usual headers (bearer, JSON, both Accept types, 2025-06-18), each line
   * ended, the blank line not yet.
   */
  public static String rawEchoPostHead(String key) {
    return "POST /mcp/echo HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: Bearer "
        + key
        + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\n"
        + "MCP-Protocol-Version: 2025-06-18\r\n";
  }

  /** The header pairs with {@code Authorization: Bearer key} first (nothing when key is null). */
  public static String[] withBearer(String key, String... headers) {
    if (key == null) {
      return headers;
    }
    List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + key));
    all.addAll(List.of(headers));
    return all.toArray(String[]::new);
  }

  public HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<InputStream> stream(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofInputStream());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An initialize request body. */
  public static String initialize(String version) {
    return """
    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",\
    "capabilities":{},"clientInfo":{"name":"raw-test","version":"1.0"}}}\
    """
        .formatted(version);
  }

  /** A 2026-07-28 tools/call body: version and client capabilities in its _meta. */
  public static String statelessCall(int id, String tool, String argsJson) {
    return """
    {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":%s,        "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",        "io.modelcontextprotocol/clientCapabilities":{}}}}\
    """
        .formatted(id, tool, argsJson);
  }

  /** A tools/call body. */
  public static String call(int id, String tool, String argsJson) {
    return """
    {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":%s}}\
    """
        .formatted(id, tool, argsJson);
  }

  /** The next {@code data: } line of an event stream, as it is. */
  public static String nextData(java.io.BufferedReader events) throws IOException {
    String line;
    while ((line = events.readLine()) != null) {
      if (line.startsWith("data: ")) {
        return line;
      }
    }
    throw new AssertionError("stream ended");
  }
}
