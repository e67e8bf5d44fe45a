package dev.mcpspawner.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for a session pod's runner: one MCP session at {@code /mcp}, guarded by a bearer token,
 * with an {@code echo} tool, a {@code countdown} tool that streams progress over SSE one event at a
 * time (each waits for {@link #proceed}), a {@code slow} tool, and a GET stream that pings until
 * the client goes away.
 */
public final class TestingMcpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String session;
  private final java.util.Set<String> tokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final HttpServer server;

  /** Every credential-bearing header value the runner saw (Authorization, Cookie, X-Api-Key). */
  public final List<String> credentialsSeen = new CopyOnWriteArrayList<>();

  /** Every request's Mcp-Session-Id header as the runner saw it (null when absent). */
  public final List<String> sessionHeadersSeen = new CopyOnWriteArrayList<>();

  /** Released once per countdown event the test has seen. */
  public final Semaphore proceed = new Semaphore(0);

  /** Counted down when a GET stream's client went away. */
  public final CountDownLatch streamClosed = new CountDownLatch(1);

  /** Released to let a {@code slow} call answer. */
  public final CountDownLatch slowRelease = new CountDownLatch(1);

  public final List<String> lastEventIdsSeen = new CopyOnWriteArrayList<>();

  /** Every Mcp-Param-* header the runner saw, as {@code lowercase-name: value}. */
  public final List<String> paramHeadersSeen = new CopyOnWriteArrayList<>();

  /** When set, GET streams say nothing after their first event (a runner with nothing to say). */
  public volatile boolean quietStreams;

  private volatile boolean closed;

  public TestingMcpServer(String session, String token) throws IOException {
    this.session = session;
    if (token != null) {
      tokens.add(token);
    }
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/mcp", this::handle);
    server.start();
  }

  /** The runner's token changes under it (its Secret was replaced): old tokens get 401. */
  public synchronized void acceptOnly(String newToken) {
    tokens.clear();
    tokens.add(newToken);
  }

  /** Another session's token this stand-in also serves (one pod behind many sessions). */
  public void accept(String token) {
    tokens.add(token);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      for (String name : List.of("Authorization", "Cookie", "X-Api-Key")) {
        List<String> values = ex.getRequestHeaders().get(name);
        if (values != null) {
          values.forEach(v -> credentialsSeen.add(name + ": " + v));
        }
      }
      String authorization = ex.getRequestHeaders().getFirst("Authorization");
      if (authorization == null
          || !authorization.startsWith("Bearer ")
          || !tokens.contains(authorization.substring("Bearer ".length()))) {
        ex.sendResponseHeaders(401, -1);
        return;
      }
      sessionHeadersSeen.add(ex.getRequestHeaders().getFirst("Mcp-Session-Id"));
      ex.getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (name.toLowerCase(java.util.Locale.ROOT).startsWith("mcp-param-")) {
                  values.forEach(
                      v ->
                          paramHeadersSeen.add(name.toLowerCase(java.util.Locale.ROOT) + ": " + v));
                }
              });
      switch (ex.getRequestMethod()) {
        case "POST" -> post(ex);
        case "GET" -> stream(ex);
        case "DELETE" -> ex.sendResponseHeaders(200, -1);
        default -> ex.sendResponseHeaders(405, -1);
      }
    }
  }

  private void post(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody());
    if (body.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      body.forEach(
          m -> {
            if (m.has("id") && m.has("method")) {
              out.add(result(m, answer(m)));
            }
          });
      json(ex, 200, out);
      return;
    }
    String method = body.path("method").asText(null);
    if (method == null || !body.has("id")) {
      ex.sendResponseHeaders(202, -1);
      return;
    }
    JsonNode params = body.path("params");
    String tool = "tools/call".equals(method) ? params.path("name").asText() : null;
    if ("countdown".equals(tool)) {
      countdown(ex, body, params.path("arguments").path("n").asInt(3));
      return;
    }
    if ("slow".equals(tool)) {
      await(slowRelease);
    }
    if ("initialize".equals(method)) {
      ex.getResponseHeaders().add("Mcp-Session-Id", "runner-internal-id");
    }
    json(ex, 200, result(body, answer(body)));
  }

  private ObjectNode answer(JsonNode request) {
    ObjectNode result = JSON.createObjectNode();
    JsonNode params = request.path("params");
    switch (request.path("method").asText()) {
      case "initialize" -> {
        result.put("protocolVersion", params.path("protocolVersion").asText("2025-06-18"));
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", "testing").put("version", "1.0");
      }
      case "tools/list" -> {
        ArrayNode tools = result.putArray("tools");
        for (String name : List.of("echo", "countdown", "slow")) {
          ObjectNode t = tools.addObject().put("name", name).put("description", name);
          t.putObject("inputSchema").put("type", "object");
        }
      }
      case "tools/call" -> {
        String text = "echo:" + session + ":" + params.path("arguments").path("text").asText("");
        result.putArray("content").addObject().put("type", "text").put("text", text);
      }
      default -> {}
    }
    return result;
  }

  private static ObjectNode result(JsonNode request, ObjectNode result) {
    ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
    response.set("id", request.get("id"));
    response.set("result", result);
    return response;
  }

  private void countdown(HttpExchange ex, JsonNode request, int n) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    for (int i = 1; i <= n; i++) {
      ObjectNode note = JSON.createObjectNode().put("jsonrpc", "2.0");
      note.put("method", "notifications/progress");
      note.putObject("params").put("progressToken", "t").put("progress", i).put("total", n);
      out.write(("event: message\ndata: " + note + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (!tryAcquire(proceed)) {
        return;
      }
    }
    ObjectNode done = JSON.createObjectNode();
    done.putArray("content").addObject().put("type", "text").put("text", "liftoff");
    String event = "event: message\ndata: " + result(request, done) + "\n\n";
    out.write(event.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void stream(HttpExchange ex) throws IOException {
    String lastEventId = ex.getRequestHeaders().getFirst("Last-Event-ID");
    lastEventIdsSeen.add(lastEventId == null ? "none" : lastEventId);
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    try {
      ObjectNode note = JSON.createObjectNode().put("jsonrpc", "2.0");
      note.put("method", "notifications/message");
      note.putObject("params").put("level", "info").put("data", "resumed after " + lastEventId);
      out.write(("id: 7\nevent: message\ndata: " + note + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (int i = 0; i < 1200 && !closed; i++) { // at most a minute
        Thread.sleep(50);
        if (!quietStreams) {
          out.write(":\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } catch (IOException e) {
      streamClosed.countDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private static boolean tryAcquire(Semaphore s) {
    try {
      return s.tryAcquire(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
  }
}
