package dev.mcpspawner.local.testing;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * MCP POSTs made by hand, for the local tests and benchmarks that speak HTTP to a gateway or a
 * runner directly: the headers a Streamable HTTP client sends, and an initialize body.
 */
public final class McpPost {
  private McpPost() {}

  /**
   * A POST of {@code body} to {@code uri} with {@code token} as bearer, JSON, and both Accept
   * types; the caller adds what else it needs (a timeout, more headers) and builds it.
   */
  public static HttpRequest.Builder to(URI uri, String token, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** An initialize body (id 1) at {@code version}, from a client named {@code client}. */
  public static String initialize(String version, String client) {
    return """
    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",\
    "capabilities":{},"clientInfo":{"name":"%s","version":"1"}}}\
    """
        .formatted(version, client);
  }
}
