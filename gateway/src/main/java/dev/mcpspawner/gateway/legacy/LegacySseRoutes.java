package dev.mcpspawner.gateway.legacy;

import static dev.mcpspawner.gateway.audit.AuditLog.fields;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.contracts.McpHeaders;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.gateway.audit.AuditLog;
import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.mcp.BadMcpRequestException;
import dev.mcpspawner.gateway.mcp.BodyLimit;
import dev.mcpspawner.gateway.mcp.McpMessage;
import dev.mcpspawner.gateway.mcp.McpRoutes;
import dev.mcpspawner.gateway.ops.ServerUsage;
import dev.mcpspawner.gateway.relay.UpstreamException;
import dev.mcpspawner.gateway.relay.UpstreamResponse;
import dev.mcpspawner.gateway.session.ActivityTracker;
import dev.mcpspawner.gateway.session.Sandbox;
import dev.mcpspawner.gateway.session.SandboxRelay;
import dev.mcpspawner.gateway.session.SessionNotFoundException;
import dev.mcpspawner.gateway.session.SessionRouter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deprecated HTTP+SSE transport (2024-11-05) for old clients: {@code GET /{server}/sse} opens a
 * session and its event stream, {@code POST /{server}/messages?sessionId=…} carries client
 * messages, and every answer goes back on the stream. The runner speaks Streamable HTTP, so each
 * POST is relayed as one and its answer (JSON or SSE) re-emitted as {@code message} events. What
 * the server says unasked (its requests for sampling or roots, its log messages) comes on the
 * runner's GET stream, which the gateway holds open for as long as the client's stream lives.
 *
 * <p>The stream lives in the gateway replica that opened it. That replica creates the McpSession
 * with its in-cluster URL on it ({@link McpSpawner#ANNOTATION_LEGACY_STREAM}); a message POST that
 * reaches another replica is checked there (the caller's own session of this server) and handed on
 * to the holder as it came, credentials included, which checks it again. No session affinity is
 * needed.
 */
public final class LegacySseRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(LegacySseRoutes.class);

  private final Authenticator authenticator;
  private final SessionRouter router;
  private final SandboxRelay relay;
  private final ActivityTracker activity;
  private final ServerUsage usage;
  private final AuditLog audit;
  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final Duration heartbeat;
  private final Map<String, LegacyStream> streams = new ConcurrentHashMap<>();

  /** Marks a POST handed on by another replica: it is served here or not at all (no loops). */
  static final String FORWARDED_HEADER = "Mcp-Spawner-Forwarded";

  private final Supplier<String> peerUrl;
  private final HttpClient peers =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public LegacySseRoutes(
      Authenticator authenticator,
      SessionRouter router,
      SandboxRelay relay,
      ActivityTracker activity,
      ServerUsage usage,
      AuditLog audit,
      ObjectMapper json,
      long maxBodyBytes,
      Duration heartbeat,
      Supplier<String> peerUrl) {
    this.authenticator = authenticator;
    this.router = router;
    this.relay = relay;
    this.activity = activity;
    this.usage = usage;
    this.audit = audit;
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.heartbeat = heartbeat;
    this.peerUrl = peerUrl;
  }

  public void register(RoutesConfig routes) {
    routes.get("/{server}/sse", this::open);
    routes.post("/{server}/messages", this::message);
  }

  /**
   * Shutdown: closes the open streams and waits, up to {@code grace}, until each stream's request
   * has ended its session (upstream DELETE, McpSession deleted), so that the API client is not
   * closed under it. A stream still ending after that leaves its session to idle teardown.
   */
  public void closeAll(Duration grace) {
    List<LegacyStream> open = List.copyOf(streams.values());
    open.forEach(LegacyStream::close);
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      for (LegacyStream stream : open) {
        if (!stream.awaitEnded(deadline)) {
          LOG.warn(
              "legacy SSE session {} still ending at shutdown; idle teardown will remove it",
              stream.session);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    peers.close();
  }

  /** Authenticated as on {@code /mcp/{server}}; then the caller may use the path's server. */
  private Principal authenticate(Context ctx) {
    Principal principal = McpRoutes.authenticate(authenticator, ctx);
    router.checkServer(principal, ctx.pathParam("server"));
    return principal;
  }

  private void open(Context ctx) throws IOException, InterruptedException {
    Principal principal = authenticate(ctx);
    String server = ctx.pathParam("server");
    String self = peerUrl.get();
    Sandbox sandbox =
        router.startStateful(
            principal,
            server,
            null,
            self == null ? Map.of() : Map.of(McpSpawner.ANNOTATION_LEGACY_STREAM, self));
    audit.record(
        "session_started",
        principal,
        fields("session", sandbox.name(), "server", server, "family", "http+sse"));
    ctx.status(200);
    ctx.res().setHeader("Content-Type", "text/event-stream");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    LegacyStream stream =
        new LegacyStream(sandbox.name(), server, principal.userId(), ctx.res().getOutputStream());
    streams.put(sandbox.name(), stream);
    // The endpoint event comes first (the transport's contract; clients wait for it): the
    // upstream's own messages are relayed only after it is written.
    Thread listener = null;
    try {
      stream.send("endpoint", "/" + server + "/messages?sessionId=" + sandbox.name());
      listener =
          Thread.ofVirtual()
              .name("legacy-get-" + sandbox.name())
              .start(() -> listen(sandbox, stream));
      while (!stream.awaitClose(heartbeat.toMillis())) {
        stream.heartbeat();
      }
    } finally {
      stream.close();
      if (listener != null) {
        listener.interrupt(); // unblocks its read; closing the response then drops the GET
      }
      streams.remove(sandbox.name());
      try {
        endSession(principal, sandbox);
      } finally {
        stream.ended();
      }
    }
  }

  /** On this transport the stream is the session: when it ends, so does the sandbox. */
  private void endSession(Principal principal, Sandbox sandbox) {
    try {
      // Ends the upstream's own session too, where a streamable-http server keeps one.
      relay.send(sandbox, "DELETE", null, Map.of()).close();
    } catch (UpstreamException | IOException e) {
      // The pod goes with the McpSession either way.
    }
    router.discard(sandbox.name());
    activity.forget(sandbox.name());
    audit.record(
        "session_ended", principal, fields("session", sandbox.name(), "by", "stream-closed"));
  }

  private void message(Context ctx) throws IOException {
    Principal principal = authenticate(ctx);
    String server = ctx.pathParam("server");
    String id = ctx.queryParam("sessionId");
    LegacyStream stream = id == null ? null : streams.get(id);
    if (stream == null && id != null && ctx.header(FORWARDED_HEADER) == null) {
      String holder = otherHolder(principal, server, id);
      if (holder != null) {
        handOn(ctx, holder, server, id);
        return;
      }
    }
    if (stream == null
        || !stream.userId.equals(principal.userId())
        || !stream.server.equals(server)) {
      throw new SessionNotFoundException();
    }
    String type = ctx.header("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new BadMcpRequestException(
          415, JsonRpcErrors.INVALID_REQUEST, "Content-Type must be application/json");
    }
    byte[] body =
        BodyLimit.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), maxBodyBytes);
    McpMessage message = McpMessage.parse(body, json);
    Sandbox sandbox = router.resumeStateful(principal, server, id);
    activity.touch(id);
    ctx.status(202);
    // Answers travel on the stream; the POST only says "accepted".
    Thread.ofVirtual().start(() -> relay(principal, sandbox, stream, body, message));
  }

  /**
   * The other replica holding the caller's own session's stream, or null (none, or this one). The
   * session carries it from its creation, and a session this replica's cache does not have yet is
   * read from the API server.
   */
  private String otherHolder(Principal principal, String server, String id) {
    String self = peerUrl.get();
    if (self == null) {
      return null; // a gateway on its own holds every stream it has
    }
    return router
        .annotation(principal, server, id, McpSpawner.ANNOTATION_LEGACY_STREAM)
        .filter(holder -> !holder.equals(self))
        .orElse(null);
  }

  /** Hands a message POST to the replica holding its stream, and its answer back. */
  private void handOn(Context ctx, String holder, String server, String id) throws IOException {
    URI target;
    try {
      target = URI.create(holder);
    } catch (IllegalArgumentException e) {
      throw new SessionNotFoundException();
    }
    if (!"http".equals(target.getScheme()) || target.getHost() == null) {
      throw new SessionNotFoundException();
    }
    byte[] body =
        BodyLimit.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), maxBodyBytes);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                target.resolve(
                    "/"
                        + server
                        + "/messages?sessionId="
                        + URLEncoder.encode(id, StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(30))
            .header(FORWARDED_HEADER, "1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (String name : List.of("Authorization", "Content-Type")) {
      String value = ctx.header(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    HttpResponse<byte[]> answer;
    try {
      answer = peers.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UpstreamException(
          "the gateway holding this session's stream is unreachable", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException("interrupted while handing the message on", false);
    }
    ctx.status(answer.statusCode());
    answer.headers().firstValue("Content-Type").ifPresent(type -> ctx.header("Content-Type", type));
    ctx.result(answer.body());
  }

  /**
   * Relays the runner's GET stream onto the client's until the client's stream ends, reconnecting
   * with {@code Last-Event-ID} when it breaks so that nothing the server said is lost or repeated.
   * Stops when the upstream has no GET stream to give.
   */
  private void listen(Sandbox sandbox, LegacyStream stream) {
    String[] lastEventId = {null};
    while (!stream.isClosed()) {
      Map<String, String> headers = new HashMap<>();
      headers.put("Accept", "text/event-stream");
      if (lastEventId[0] != null) {
        headers.put(McpHeaders.LAST_EVENT_ID, lastEventId[0]);
      }
      try (UpstreamResponse upstream = relay.send(sandbox, "GET", null, headers)) {
        if (upstream.statusCode() != 200 || !upstream.isEventStream()) {
          return;
        }
        BufferedReader in =
            new BufferedReader(new InputStreamReader(upstream.body(), StandardCharsets.UTF_8));
        if (!forwardEvents(in, stream, id -> lastEventId[0] = id)) {
          return;
        }
      } catch (UpstreamException | IOException e) {
        // the runner is restarting or the connection broke: try again shortly
      }
      try {
        stream.awaitClose(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Re-emits an upstream SSE body as {@code message} events; false when the client has gone. {@code
   * onId} sees each event's id, once the event reached the client.
   */
  private static boolean forwardEvents(
      BufferedReader in, LegacyStream stream, Consumer<String> onId) throws IOException {
    StringBuilder data = new StringBuilder();
    String id = null;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("data:")) {
        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
      } else if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.isEmpty() && !data.isEmpty()) {
        if (!stream.send("message", data.toString())) {
          return false;
        }
        if (id != null) {
          onId.accept(id);
        }
        data.setLength(0);
        id = null;
      }
    }
    return !stream.isClosed();
  }

  /**
   * Relays one client message and puts its answer on the stream. A tools/call counts in the
   * server's usage and the audit log as on Streamable HTTP (transport {@code sse}); only the
   * replica holding the stream relays, so a call handed on is counted once.
   */
  private void relay(
      Principal principal, Sandbox sandbox, LegacyStream stream, byte[] body, McpMessage message) {
    long start = System.nanoTime();
    String outcome = "error";
    Map<String, String> headers =
        Map.of("Content-Type", "application/json", "Accept", "application/json, text/event-stream");
    try {
      UpstreamResponse upstream = relay.send(sandbox, "POST", body, headers);
      outcome = String.valueOf(upstream.statusCode());
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(upstream.body(), StandardCharsets.UTF_8))) {
        if (upstream.isEventStream()) {
          if (!forwardEvents(in, stream, id -> {})) {
            outcome = "client_gone";
          }
        } else if (upstream.statusCode() == 200) {
          String answer = in.lines().reduce("", (a, b) -> a + b);
          if (!answer.isBlank()) {
            stream.send("message", answer);
          }
        }
      }
    } catch (UpstreamException | IOException e) {
      outcome =
          e instanceof UpstreamException u ? (u.isTimeout() ? "timeout" : "unreachable") : "error";
      if (message.id() != null) {
        var error = json.createObjectNode().put("jsonrpc", "2.0");
        error.set("id", message.id());
        error
            .putObject("error")
            .put("code", JsonRpcErrors.SERVER_UNAVAILABLE)
            .put("message", e.getMessage());
        stream.send("message", error.toString());
      }
    } finally {
      McpRoutes.toolCallDone(
          usage, audit, principal, stream.server, sandbox, "sse", message, outcome, start);
    }
  }
}
