package dev.mcpspawner.gateway.mcp;

import static dev.mcpspawner.gateway.audit.AuditLog.fields;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.McpHeaders;
import dev.mcpspawner.gateway.audit.AuditLog;
import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.ops.ServerUsage;
import dev.mcpspawner.gateway.relay.ResponseStream;
import dev.mcpspawner.gateway.relay.UpstreamException;
import dev.mcpspawner.gateway.relay.UpstreamRelay;
import dev.mcpspawner.gateway.relay.UpstreamResponse;
import dev.mcpspawner.gateway.session.ActivityTracker;
import dev.mcpspawner.gateway.session.Sandbox;
import dev.mcpspawner.gateway.session.SandboxRelay;
import dev.mcpspawner.gateway.session.SessionRouter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST/GET/DELETE /mcp/{server}}: HTTP in and out; the decisions live elsewhere. */
public record McpRoutes(
    Authenticator authenticator,
    SessionRouter router,
    SandboxRelay relay,
    ResponseStream responses,
    ActivityTracker activity,
    ServerUsage usage,
    AuditLog audit,
    ObjectMapper json,
    long maxBodyBytes) {
  /** Context attributes the app's metrics and error mapping read. */
  public static final String ATTR_PRINCIPAL = "mcp.principal";

  public static final String ATTR_SERVER = "mcp.server";
  public static final String ATTR_METHOD = "mcp.method";
  public static final String ATTR_ID = "mcp.id";

  public void register(RoutesConfig routes) {
    routes.post("/mcp/{server}", this::post);
    routes.get("/mcp/{server}", this::get);
    routes.delete("/mcp/{server}", this::delete);
  }

  /** Authentication comes first: nothing about the request is looked at before it. */
  private Principal authenticate(Context ctx) {
    return authenticate(authenticator, ctx);
  }

  /**
   * Authenticates a request on any route of one server ({@code {server}} in the path; the legacy
   * SSE routes too), bound to that server: a token for another server is refused. The principal is
   * kept on the context for the metrics and the error mapping.
   */
  public static Principal authenticate(Authenticator authenticator, Context ctx) {
    Principal principal =
        authenticator.authenticate(ctx.header("Authorization"), ctx.pathParam("server"));
    ctx.attribute(ATTR_PRINCIPAL, principal);
    return principal;
  }

  private String server(Context ctx, Principal principal) {
    String server = ctx.pathParam("server");
    router.checkServer(principal, server);
    ctx.attribute(ATTR_SERVER, server);
    return server;
  }

  private void post(Context ctx) throws IOException {
    long start = System.nanoTime();
    Principal principal = authenticate(ctx);
    String server = server(ctx, principal);
    McpRequestRules.checkPost(ctx.header("Content-Type"), ctx.header("Accept"));
    byte[] body =
        BodyLimit.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), maxBodyBytes);
    McpMessage message = McpMessage.parse(body, json);
    ctx.attribute(ATTR_METHOD, message.isBatch() ? "batch" : message.method());
    if (message.id() != null) {
      ctx.attribute(ATTR_ID, message.id());
    }
    McpRequestRules.Headers headers = headers(ctx);
    McpRequestRules.Family family;
    try {
      family = McpRequestRules.classify(message, headers);
    } catch (UnsupportedVersionException e) {
      refuseVersion(ctx, message, e);
      return;
    }

    Sandbox sandbox;
    String sessionHeader = null;
    boolean created = family == McpRequestRules.Family.STATEFUL_INIT;
    switch (family) {
      case STATEFUL_INIT -> {
        sandbox = router.startStateful(principal, server, message.clientInfo());
        sessionHeader = sandbox.name();
        audit.record(
            "session_started",
            principal,
            fields("session", sandbox.name(), "server", server, "family", "stateful"));
      }
      case STATEFUL -> {
        sandbox = router.resumeStateful(principal, server, headers.sessionId());
        sessionHeader = headers.sessionId();
      }
      default -> sandbox = router.statelessSandbox(principal, server, message.clientInfo());
    }
    activity.touch(sandbox.name());
    String outcome = "error";
    try {
      UpstreamResponse upstream;
      try {
        upstream = relay.send(sandbox, "POST", body, forwarded(ctx));
      } catch (UpstreamException e) {
        outcome = e.isTimeout() ? "timeout" : "unreachable";
        if (created) {
          router.discard(sandbox.name());
        }
        throw e;
      }
      if (created && upstream.statusCode() >= 300) {
        router.discard(sandbox.name());
        sessionHeader = null;
      }
      ResponseStream.Outcome copied = responses.copy(upstream, ctx.res(), sessionHeader);
      outcome =
          copied == ResponseStream.Outcome.COMPLETED
              ? String.valueOf(upstream.statusCode())
              : copied.name().toLowerCase();
    } finally {
      toolCallDone(
          usage, audit, principal, server, sandbox, "streamable-http", message, outcome, start);
    }
  }

  /**
   * After a relayed message on either transport: a tools/call counts in the server's usage (an
   * error unless {@code outcome} is a 2xx status) and is audited with its outcome and latency;
   * anything else leaves nothing.
   *
   * @param startNanos {@link System#nanoTime()} when the request came in
   */
  public static void toolCallDone(
      ServerUsage usage,
      AuditLog audit,
      Principal principal,
      String server,
      Sandbox sandbox,
      String transport,
      McpMessage message,
      String outcome,
      long startNanos) {
    String tool = message.toolName();
    if (tool == null) {
      return;
    }
    usage.toolCall(server, principal.userId(), !outcome.startsWith("2"));
    audit.record(
        "tool_call",
        principal,
        fields(
            "session",
            sandbox.name(),
            "server",
            server,
            "transport",
            transport,
            "method",
            message.method(),
            "tool",
            tool,
            "outcome",
            outcome,
            "latencyMs",
            (System.nanoTime() - startNanos) / 1_000_000));
  }

  /** The stateful GET stream (server-to-client messages, resumable with Last-Event-ID). */
  private void get(Context ctx) throws IOException {
    Principal principal = authenticate(ctx);
    String server = server(ctx, principal);
    ctx.attribute(ATTR_METHOD, "GET");
    McpRequestRules.checkGet(ctx.header("Accept"));
    McpRequestRules.Headers headers = headers(ctx);
    McpRequestRules.checkStatefulHeaders(headers);
    Sandbox sandbox = router.resumeStateful(principal, server, headers.sessionId());
    activity.touch(sandbox.name());
    UpstreamResponse upstream = relay.send(sandbox, "GET", null, forwarded(ctx));
    responses.copy(upstream, ctx.res(), headers.sessionId());
  }

  /** Ends the session: the runner is told (best effort), then the McpSession is deleted. */
  private void delete(Context ctx) throws IOException {
    Principal principal = authenticate(ctx);
    String server = server(ctx, principal);
    ctx.attribute(ATTR_METHOD, "DELETE");
    McpRequestRules.Headers headers = headers(ctx);
    McpRequestRules.checkStatefulHeaders(headers);
    Sandbox sandbox = router.resumeStateful(principal, server, headers.sessionId());
    try {
      relay.send(sandbox, "DELETE", null, forwarded(ctx)).close();
    } catch (UpstreamException e) {
      // The pod goes with the McpSession either way.
    }
    router.end(principal, sandbox.name());
    activity.forget(sandbox.name());
    audit.record(
        "session_ended",
        principal,
        fields("session", sandbox.name(), "server", server, "by", "client"));
    ctx.status(204);
  }

  /** The one refusal whose data matters to clients: it lists what they may fall back to. */
  private void refuseVersion(Context ctx, McpMessage message, UnsupportedVersionException e) {
    ObjectNode body = json.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.set("id", message.id());
    ObjectNode error = body.putObject("error");
    error.put("code", e.code()).put("message", e.getMessage());
    ObjectNode data = error.putObject("data");
    e.supported().forEach(data.putArray("supported")::add);
    data.put("requested", e.requested());
    ctx.status(e.status()).contentType("application/json").result(body.toString());
  }

  private static McpRequestRules.Headers headers(Context ctx) {
    return new McpRequestRules.Headers(
        ctx.header(McpHeaders.PROTOCOL_VERSION),
        ctx.header(McpHeaders.SESSION_ID),
        ctx.header(McpHeaders.METHOD),
        ctx.header(McpHeaders.NAME));
  }

  private static Map<String, String> forwarded(Context ctx) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : UpstreamRelay.FORWARDED) {
      String value = ctx.header(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    // 2026-07-28: tool parameters mirrored into Mcp-Param-{Name} headers; an intermediary that
    // does not check them MUST pass them on (basic/transports/streamable-http.mdx), the runner
    // checks them against the body. Bounded, as the request head itself is.
    int params = 0;
    for (Map.Entry<String, String> header : ctx.headerMap().entrySet()) {
      if (header
              .getKey()
              .regionMatches(true, 0, PARAM_HEADER_PREFIX, 0, PARAM_HEADER_PREFIX.length())
          && params++ < MAX_PARAM_HEADERS) {
        headers.put(header.getKey(), header.getValue());
      }
    }
    return headers;
  }

  private static final String PARAM_HEADER_PREFIX = "Mcp-Param-";
  private static final int MAX_PARAM_HEADERS = 64;
}
