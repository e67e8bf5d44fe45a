package dev.mcpspawner.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.contracts.McpHeaders;
import dev.mcpspawner.runner.handshake.ProtocolVersions;
import dev.mcpspawner.runner.handshake.ServerHandshake;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.relay.EventStream;
import dev.mcpspawner.runner.relay.Relay;
import dev.mcpspawner.runner.stateless.StatelessBridge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /mcp}: Streamable HTTP in front of the relay. Does HTTP in and out only — status codes,
 * content negotiation, SSE framing — and leaves routing to {@link Relay}.
 */
public final class McpEndpoint implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(McpEndpoint.class.getName());
  private static final long KEEPALIVE_MILLIS = 15_000;

  /**
   * How long an answer may take and still come as plain JSON to a client that accepts both. A call
   * quiet for longer becomes an SSE stream with keep-alives, so that the client (and the gateway's
   * heartbeats in front of it) can tell a slow call from a dead one, and a departed client is
   * noticed while the call runs.
   */
  private static final long JSON_ANSWER_MILLIS = 1_000;

  private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
  static final String SESSION_HEADER = McpHeaders.SESSION_ID;

  /** What the endpoint needs from the runner around it. */
  public interface Session {
    /** True while shutting down: new requests are refused, answers still flow. */
    boolean draining();

    /** The client ended the session ({@code DELETE}). */
    void terminate();
  }

  private final Relay relay;
  private final ServerHandshake handshake;
  private final StatelessBridge stateless;
  private final BearerToken token;
  private final long maxBodyBytes;
  private final String sessionId;
  private final Deliveries deliveries = new Deliveries();
  private final Session session;
  private final Duration handshakeWait;

  /**
   * @param token null: no authentication (direct local use only)
   * @param sessionId null: never issue {@code Mcp-Session-Id} (what the gateway expects)
   */
  public McpEndpoint(
      Relay relay,
      ServerHandshake handshake,
      StatelessBridge stateless,
      BearerToken token,
      long maxBodyBytes,
      String sessionId,
      Duration handshakeWait,
      Session session) {
    this.relay = relay;
    this.handshake = handshake;
    this.stateless = stateless;
    this.token = token;
    this.maxBodyBytes = maxBodyBytes;
    this.sessionId = sessionId;
    this.handshakeWait = handshakeWait;
    this.session = session;
  }

  @Override
  public void handle(HttpExchange exchange) {
    try (exchange) {
      if (token != null && !token.matches(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        sendEmpty(exchange, 401);
        return;
      }
      if (token == null && !LocalOrigin.isLocal(exchange.getRequestHeaders())) {
        // Without a token the runner is only for this machine: refuse DNS-rebinding requests.
        sendEmpty(exchange, 403);
        return;
      }
      String presented = exchange.getRequestHeaders().getFirst(SESSION_HEADER);
      if (sessionId != null && presented != null && !sessionId.equals(presented)) {
        sendEmpty(exchange, 404);
        return;
      }
      switch (exchange.getRequestMethod()) {
        case "POST" -> post(exchange);
        case "GET" -> get(exchange);
        case "DELETE" -> {
          sendEmpty(exchange, 200);
          session.terminate();
        }
        default -> {
          exchange.getResponseHeaders().set("Allow", "GET, POST, DELETE");
          sendEmpty(exchange, 405);
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "client went away", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "failed to handle " + exchange.getRequestURI(), e);
    }
  }

  private void post(HttpExchange exchange) throws IOException, InterruptedException {
    byte[] body = readBody(exchange);
    if (body == null) {
      sendError(exchange, 413, JsonRpcErrors.INVALID_REQUEST, "request body larger than the limit");
      return;
    }
    String delivery = exchange.getRequestHeaders().getFirst(Deliveries.HEADER);
    if (delivery != null && delivery.length() > Deliveries.MAX_NAME) {
      sendError(
          exchange, 400, JsonRpcErrors.INVALID_REQUEST, "Invalid request: delivery name too long");
      return;
    }
    if (delivery != null && !deliveries.first(delivery)) {
      sendError(
          exchange,
          409,
          JsonRpcErrors.INVALID_REQUEST,
          "Invalid request: this request was delivered before; it was not run again");
      return;
    }
    JsonNode parsed;
    try {
      parsed = JsonRpc.parse(body, 0, body.length);
    } catch (IOException e) {
      sendError(exchange, 400, JsonRpcErrors.PARSE_ERROR, "Parse error: not valid JSON");
      return;
    }
    boolean batch = parsed != null && parsed.isArray();
    List<ObjectNode> requests = new ArrayList<>();
    List<ObjectNode> others = new ArrayList<>();
    for (JsonNode message :
        batch ? parsed : List.of(parsed == null ? JsonRpc.NODES.nullNode() : parsed)) {
      switch (JsonRpc.kind(message)) {
        case REQUEST -> requests.add((ObjectNode) message);
        case NOTIFICATION, RESPONSE -> others.add((ObjectNode) message);
        case INVALID -> {
          sendError(
              exchange, 400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: not JSON-RPC 2.0");
          return;
        }
      }
    }
    if (batch && parsed.isEmpty()) {
      sendError(exchange, 400, JsonRpcErrors.INVALID_REQUEST, "Invalid Request: empty batch");
      return;
    }
    // A lone stateless request that cannot be served is refused with its HTTP status, and before
    // it could start the handshake with capabilities it never declared.
    ObjectNode lone =
        !batch
                && requests.size() == 1
                && stateless.isStateless(exchange.getRequestHeaders(), requests.get(0))
            ? requests.get(0)
            : null;
    if (lone != null && refuse(exchange, stateless.refusal(exchange.getRequestHeaders(), lone))) {
      return;
    }
    if (!handshake.isDone()) {
      // Requests reach the server only after the runner's initialize, as the protocol requires,
      // and that initialize carries what the first client declared.
      handshake.start(declaredCapabilities(exchange.getRequestHeaders(), requests));
      handshake.await(handshakeWait);
    }
    if (lone != null
        && !handshake.serverIsStateless()
        && refuse(exchange, stateless.unknownMethod(lone))) {
      return;
    }
    for (ObjectNode message : others) {
      String method = message.path("method").asText();
      // The runner initialized the server itself; a client's initialized is already said.
      if (handshake.serverIsStateless()) {
        relay.forwardToServer(message);
      } else if (!"notifications/initialized".equals(method)
          && !("notifications/cancelled".equals(method) && stateless.cancelled(message))) {
        relay.forwardToServer(message);
      }
    }
    if (requests.isEmpty()) {
      sendEmpty(exchange, 202);
      return;
    }
    if (session.draining()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      sendError(exchange, 503, JsonRpcErrors.SERVER_GONE, "the session is shutting down");
      return;
    }
    EventStream stream = relay.openStream(requests.size());
    boolean initialized = false;
    for (ObjectNode request : requests) {
      String method = request.get("method").asText();
      if (handshake.serverIsStateless()) {
        relay.forwardRequest(request, stream); // it speaks for itself
      } else if ("initialize".equals(method)) {
        answerInitialize(request, stream);
        initialized = true;
      } else if (stateless.isStateless(exchange.getRequestHeaders(), request)) {
        StatelessBridge.Refusal refusal = stateless.refusal(exchange.getRequestHeaders(), request);
        if (refusal == null) {
          refusal = stateless.unknownMethod(request);
        }
        if (refusal == null
            && "subscriptions/listen".equals(method)
            && !accepts(exchange.getRequestHeaders(), "text/event-stream")) {
          // Its notifications can only come as events: a JSON answer would never be complete.
          refusal =
              new StatelessBridge.Refusal(
                  400,
                  JsonRpc.error(
                      request.get("id"),
                      JsonRpcErrors.INVALID_REQUEST,
                      "subscriptions/listen needs Accept: text/event-stream"));
        }
        if (refusal != null) {
          stream.publish(JsonRpc.bytes(refusal.error()), true);
        } else {
          stateless.handle(request, stream);
        }
      } else {
        relay.forwardRequest(request, stream);
      }
    }
    if (initialized && sessionId != null) {
      exchange.getResponseHeaders().set(SESSION_HEADER, sessionId);
    }
    boolean passThrough = handshake.serverIsStateless();
    if (exchange instanceof ClientDeparture departure
        && (passThrough
            || requests.stream()
                .allMatch(r -> stateless.isStateless(exchange.getRequestHeaders(), r)))) {
      // 2026-07-28: a client that closes the response stream has cancelled what it asked; a
      // server passed through is told so too, on stdio that is notifications/cancelled.
      departure.whenClientLeaves(
          () -> {
            relay.cancelRequestsOf(stream, "the client closed the response stream", passThrough);
            stateless.streamClosed(stream);
          });
    }
    respond(exchange, stream, batch, lone != null);
  }

  /**
   * The client capabilities a first message declares: in {@code initialize}, or in a stateless
   * request's {@code _meta}. None when it declares nothing, never more than it declared.
   */
  private JsonNode declaredCapabilities(Headers headers, List<ObjectNode> requests) {
    for (ObjectNode request : requests) {
      if ("initialize".equals(request.path("method").asText())) {
        return request.path("params").get("capabilities");
      }
      if (stateless.isStateless(headers, request)) {
        return stateless.declaredCapabilities(request);
      }
    }
    return null;
  }

  private static boolean refuse(HttpExchange exchange, StatelessBridge.Refusal refusal)
      throws IOException {
    if (refusal == null) {
      return false;
    }
    sendJson(exchange, refusal.status(), JsonRpc.bytes(refusal.error()));
    return true;
  }

  /** A stdio server is initialized once, by the runner; every client gets that answer. */
  private void answerInitialize(ObjectNode request, EventStream stream) {
    ObjectNode result = handshake.await(handshakeWait);
    ObjectNode response =
        result == null
            ? JsonRpc.error(
                request.get("id"), JsonRpcErrors.SERVER_GONE, "the MCP server did not initialize")
            : JsonRpc.result(request.get("id"), answerFor(request, result));
    stream.publish(JsonRpc.bytes(response), true);
  }

  /** The server's InitializeResult, with the protocol version this client can be given. */
  private static ObjectNode answerFor(ObjectNode request, ObjectNode serverResult) {
    ObjectNode answer = serverResult.deepCopy();
    JsonNode requested = request.path("params").get("protocolVersion");
    String version =
        ProtocolVersions.negotiate(
            requested == null ? null : requested.asText(),
            serverResult.path("protocolVersion").asText(null));
    if (version != null) {
      answer.put("protocolVersion", version);
    }
    return answer;
  }

  /**
   * @param stateless a lone 2026-07-28 request, whose JSON answer says its error in the HTTP status
   *     too where the revision wants it
   */
  private void respond(HttpExchange exchange, EventStream stream, boolean batch, boolean stateless)
      throws IOException, InterruptedException {
    Headers headers = exchange.getRequestHeaders();
    boolean json = accepts(headers, "application/json");
    boolean sse = accepts(headers, "text/event-stream");
    long subscription = stream.subscribe();
    EventStream.Event first = stream.next(0, subscription, JSON_ANSWER_MILLIS);
    if (first == null) {
      sendEmpty(exchange, 500);
    } else if (!batch && json && first.response()) {
      sendJson(exchange, stateless ? StatelessBridge.status(first.data()) : 200, first.data());
    } else if (sse) {
      relay.retain(stream); // its event ids now exist, so it can be resumed
      streamEvents(exchange, stream, subscription, first, 0);
    } else {
      sendJson(exchange, 200, collectResponses(stream, subscription, first, batch));
    }
  }

  private byte[] collectResponses(
      EventStream stream, long subscription, EventStream.Event first, boolean batch)
      throws InterruptedException, IOException {
    ArrayNode responses = JsonRpc.NODES.arrayNode();
    for (EventStream.Event e = first;
        e != null;
        e = stream.next(e.seq(), subscription, Long.MAX_VALUE / 2)) {
      if (e.response()) {
        responses.add(JsonRpc.parse(e.data(), 0, e.data().length));
      }
    }
    return JsonRpc.bytes(batch ? responses : responses.get(0));
  }

  private void get(HttpExchange exchange) throws IOException, InterruptedException {
    if (!accepts(exchange.getRequestHeaders(), "text/event-stream")) {
      sendEmpty(exchange, 406);
      return;
    }
    EventStream stream = relay.getStream();
    long after = -1;
    String lastEventId = exchange.getRequestHeaders().getFirst(McpHeaders.LAST_EVENT_ID);
    if (lastEventId != null) {
      int dash = lastEventId.indexOf('-');
      try {
        EventStream resumed =
            relay.findStream(Long.parseLong(lastEventId.substring(0, Math.max(dash, 0))));
        if (resumed != null) {
          stream = resumed;
          after = Long.parseLong(lastEventId.substring(dash + 1));
        }
      } catch (NumberFormatException e) {
        // not one of ours: serve the GET stream from where it is
      }
    }
    long subscription = stream.subscribe();
    if (after < 0) {
      after = relay.getStreamResumePoint();
    }
    streamEvents(exchange, stream, subscription, null, after);
  }

  private void streamEvents(
      HttpExchange exchange,
      EventStream stream,
      long subscription,
      EventStream.Event first,
      long after)
      throws IOException, InterruptedException {
    Headers response = exchange.getResponseHeaders();
    response.set("Content-Type", "text/event-stream");
    response.set("Cache-Control", "no-cache, no-transform");
    response.set("X-Accel-Buffering", "no");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    EventStream.Event event =
        first != null ? first : stream.next(after, subscription, KEEPALIVE_MILLIS);
    while (event != null) {
      if (event == EventStream.IDLE) {
        out.write(KEEPALIVE);
      } else {
        out.write(sseFrame(event));
        after = event.seq();
      }
      out.flush();
      event = stream.next(after, subscription, KEEPALIVE_MILLIS);
    }
  }

  private static byte[] sseFrame(EventStream.Event event) {
    byte[] head =
        ("id: " + event.id() + "\nevent: message\ndata: ").getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[head.length + event.data().length + 2];
    System.arraycopy(head, 0, frame, 0, head.length);
    System.arraycopy(event.data(), 0, frame, head.length, event.data().length);
    frame[frame.length - 2] = '\n';
    frame[frame.length - 1] = '\n';
    return frame;
  }

  /** The body, or null when it is larger than the limit. */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        return null;
      }
      if (declared > Math.min(maxBodyBytes, Integer.MAX_VALUE - 8)) {
        return null; // (no Java array is larger than that either)
      }
      // Within the limit: read it straight into an array of its size.
      byte[] body = new byte[(int) declared];
      if (in.readNBytes(body, 0, body.length) < body.length) {
        throw new IOException("connection closed mid-body");
      }
      return body;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buf = new byte[8 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      body.write(buf, 0, n);
      if (body.size() > maxBodyBytes) {
        return null;
      }
    }
    return body.toByteArray();
  }

  private static boolean accepts(Headers headers, String type) {
    List<String> accept = headers.get("Accept");
    if (accept == null || accept.isEmpty()) {
      return true;
    }
    for (String value : accept) {
      if (value.contains(type) || value.contains("*/*")) {
        return true;
      }
    }
    return false;
  }

  private static void sendError(HttpExchange exchange, int status, int code, String message)
      throws IOException {
    sendJson(exchange, status, JsonRpc.bytes(JsonRpc.error(null, code, message)));
  }

  private static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }
}
