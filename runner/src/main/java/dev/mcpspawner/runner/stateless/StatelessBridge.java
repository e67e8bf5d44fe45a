package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.contracts.McpHeaders;
import dev.mcpspawner.contracts.McpRevisions;
import dev.mcpspawner.runner.handshake.ServerHandshake;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.relay.EventStream;
import dev.mcpspawner.runner.relay.LoggingLevel;
import dev.mcpspawner.runner.relay.PendingRequest;
import dev.mcpspawner.runner.relay.Relay;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves stateless (2026-07-28) clients from a stateful stdio server: answers {@code
 * server/discover} from the runner's own handshake, drops the per-request {@code _meta} the server
 * would not understand, marks results {@code resultType: complete}, and turns a server→client
 * request raised during a call into an {@code input_required} result whose retry answers it.
 */
public final class StatelessBridge implements Relay.ServerRequestRouter {
  public static final String VERSION = McpRevisions.STATELESS;
  private static final String META_PREFIX = "io.modelcontextprotocol/";
  private static final String PROTOCOL_VERSION_META = META_PREFIX + "protocolVersion";
  private static final String CAPABILITIES_META = META_PREFIX + "clientCapabilities";
  private static final String SERVER_INFO_META = META_PREFIX + "serverInfo";
  private static final String LOG_LEVEL_META = META_PREFIX + "logLevel";
  private static final System.Logger LOG = System.getLogger(StatelessBridge.class.getName());
  private static final int MAX_PARKED = 1024;

  /**
   * The 2026-07-28 client requests the bridge serves. Anything else (initialize, ping,
   * logging/setLevel, resources/subscribe: gone from this revision) is not found rather than passed
   * to a server that would answer it in the old revision's terms.
   */
  private static final Set<String> METHODS =
      Set.of(
          "server/discover",
          "tools/list",
          "tools/call",
          "prompts/list",
          "prompts/get",
          "resources/list",
          "resources/templates/list",
          "resources/read",
          "completion/complete",
          "subscriptions/listen");

  /** Results a client may cache, which must say for how long and for whom. */
  private static final Set<String> CACHEABLE =
      Set.of(
          "server/discover",
          "tools/list",
          "prompts/list",
          "resources/list",
          "resources/templates/list",
          "resources/read");

  /**
   * A stdio server says nothing about caching, and its lists can change at any call: a hint of 0 ms
   * never lets a client serve a stale list. Private because every sandbox belongs to one user.
   */
  private static final long TTL_MS = 0;

  private static final String CACHE_SCOPE = "private";

  /** A request refused before it reaches the server: the HTTP status and the JSON-RPC error. */
  public record Refusal(int status, ObjectNode error) {}

  private final Relay relay;
  private final ServerHandshake handshake;
  private final SecureRandom random = new SecureRandom();

  /** Parked calls by the requestState the client echoes; bounded, oldest dropped. */
  private final LinkedHashMap<String, Parked> parked = new LinkedHashMap<>();

  /** The server requests of each call that made some, parked or running again after a retry. */
  private final Map<PendingRequest, Parked> byCall = new HashMap<>();

  private final InputLane lane = new InputLane();
  private final ToolHeaders toolHeaders = new ToolHeaders();
  private final Subscriptions subscriptions;
  private final Duration inputTimeout;

  /** One call waiting for the client's input: the server requests it has not had answers to. */
  private static final class Parked {
    final PendingRequest call;
    final Map<String, JsonNode> serverRequestIds = new LinkedHashMap<>();
    final Map<String, ObjectNode> inputRequests = new LinkedHashMap<>();

    /**
     * Whether the call holds the {@link InputLane}: from its start until it is parked and the
     * server has caught up (see {@link #askForInput}), and again from its client's retry.
     */
    boolean holdsLane = true;

    Parked(PendingRequest call) {
      this.call = call;
    }
  }

  /**
   * @param inputTimeout how long a call waits parked for its client's retry before it is cancelled
   */
  public StatelessBridge(Relay relay, ServerHandshake handshake, Duration inputTimeout) {
    this.relay = relay;
    this.handshake = handshake;
    this.inputTimeout = inputTimeout;
    this.subscriptions = new Subscriptions(relay, Duration.ofSeconds(30));
    relay.changeListener(subscriptions);
    relay.toolLists(toolHeaders::listed);
  }

  /** A stateless request names its protocol version per request, in a header or in _meta. */
  public boolean isStateless(Headers headers, ObjectNode request) {
    String header = headers.getFirst(McpHeaders.PROTOCOL_VERSION);
    if (header != null && header.compareTo(VERSION) >= 0) {
      return true;
    }
    return request.path("params").path("_meta").has(META_PREFIX + "protocolVersion");
  }

  /**
   * Why a stateless request cannot be served, or null. A 2026-07-28 request carries its version and
   * its client's capabilities in {@code _meta}; without them the bridge could not know what the
   * client can be asked.
   */
  public Refusal refusal(Headers headers, ObjectNode request) {
    JsonNode id = request.get("id");
    JsonNode meta = request.path("params").path("_meta");
    String header = headers.getFirst(McpHeaders.PROTOCOL_VERSION);
    String requested = header != null ? header : meta.path(PROTOCOL_VERSION_META).asText(null);
    if (requested != null && !VERSION.equals(requested)) {
      // Clients fall back on the supported list, so it goes in the error's data.
      ObjectNode error =
          JsonRpc.error(
              id,
              JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION,
              "Unsupported protocol version: " + requested);
      ObjectNode data = ((ObjectNode) error.get("error")).putObject("data");
      data.putArray("supported").add(VERSION);
      data.put("requested", requested);
      return new Refusal(400, error);
    }
    if (header != null) {
      // The mirrored headers are what intermediaries route on: they must say what the body says.
      String bodyVersion = meta.path(PROTOCOL_VERSION_META).asText(null);
      String mismatch =
          bodyVersion != null && !bodyVersion.equals(header)
              ? McpHeaders.PROTOCOL_VERSION + " header does not match " + PROTOCOL_VERSION_META
              : RequestHeaders.mismatch(headers, request);
      if (mismatch == null) {
        mismatch = toolHeaders.mismatch(headers, request);
      }
      if (mismatch != null) {
        return new Refusal(
            400, JsonRpc.error(id, JsonRpcErrors.HEADER_MISMATCH, "Header mismatch: " + mismatch));
      }
    }
    if (!meta.has(PROTOCOL_VERSION_META) || !meta.has(CAPABILITIES_META)) {
      return new Refusal(
          400,
          JsonRpc.error(
              id,
              JsonRpcErrors.INVALID_PARAMS,
              "Invalid params: _meta must carry "
                  + PROTOCOL_VERSION_META
                  + " and "
                  + CAPABILITIES_META));
    }
    if (meta.has(LOG_LEVEL_META) && LoggingLevel.parse(meta.get(LOG_LEVEL_META).asText()) == null) {
      return new Refusal(
          400,
          JsonRpc.error(
              id, JsonRpcErrors.INVALID_PARAMS, "Invalid params: unknown " + LOG_LEVEL_META));
    }
    return null;
  }

  /**
   * The HTTP status of a lone stateless request's JSON answer, where the revision ties one to its
   * error ({@code basic/transports/streamable-http.mdx}): 404 for method not found, 400 for a
   * MissingRequiredClientCapabilityError, a header mismatch or an unsupported version — whether a
   * 2026-07-28 server passed through said it or the bridge's refusal came back through a 2025
   * server's handler; else 200. Only answers that mention such a code are parsed.
   */
  public static int status(byte[] answer) {
    String text = new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!text.contains("\"error\"") || !text.contains("-32")) {
      return 200;
    }
    try {
      return switch (JsonRpc.parse(answer, 0, answer.length).path("error").path("code").asInt()) {
        case JsonRpcErrors.METHOD_NOT_FOUND -> 404;
        case JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY,
            JsonRpcErrors.HEADER_MISMATCH,
            JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION ->
            400;
        default -> 200;
      };
    } catch (java.io.IOException e) {
      return 200;
    }
  }

  /** A method this revision does not have, or null; for bridged servers only. */
  public Refusal unknownMethod(ObjectNode request) {
    JsonNode id = request.get("id");
    String method = request.path("method").asText();
    if (!METHODS.contains(method)) {
      return new Refusal(
          404, JsonRpc.error(id, JsonRpcErrors.METHOD_NOT_FOUND, "Method not found: " + method));
    }
    return null;
  }

  /**
   * Marks a server's result as 2026-07-28 wants it: complete, and with a cache hint if listable.
   */
  public void shapeResult(String method, ObjectNode result) {
    if (!result.has("resultType")) {
      result.put("resultType", "complete");
    }
    if (CACHEABLE.contains(method) && "complete".equals(result.path("resultType").asText())) {
      if (!result.has("ttlMs")) {
        result.put("ttlMs", TTL_MS);
      }
      if (!result.has("cacheScope")) {
        result.put("cacheScope", CACHE_SCOPE);
      }
    }
  }

  /** What this request says its client can do (2026-07-28 declares it on every request). */
  public JsonNode declaredCapabilities(ObjectNode request) {
    return request.path("params").path("_meta").get(CAPABILITIES_META);
  }

  public void handle(ObjectNode request, EventStream stream) {
    String method = request.get("method").asText();
    if ("server/discover".equals(method)) {
      stream.publish(JsonRpc.bytes(JsonRpc.result(request.get("id"), discover())), true);
      return;
    }
    if ("subscriptions/listen".equals(method)) {
      subscriptions.listen(request, handshake.await(Duration.ofSeconds(30)), stream);
      return;
    }
    ObjectNode params = request.get("params") instanceof ObjectNode p ? p : null;
    // The server gets no per-request level (stdio has none); the relay filters its messages.
    LoggingLevel logLevel =
        LoggingLevel.parse(request.path("params").path("_meta").path(LOG_LEVEL_META).asText(null));
    JsonNode capabilities = declaredCapabilities(request);
    if (params != null && params.get("_meta") instanceof ObjectNode meta) {
      meta.properties().removeIf(e -> e.getKey().startsWith(META_PREFIX));
      if (meta.isEmpty()) {
        params.remove("_meta");
      }
    }
    if (params != null && params.has("requestState")) {
      retry(request, params, stream, logLevel, capabilities);
      return;
    }
    if (params != null) {
      params.remove("inputResponses"); // answers without state have nothing to answer
    }
    if (InputRequests.mayAsk(method, capabilities)) {
      lane.enter(
          stream,
          () ->
              relay.forwardStatelessRequest(
                  request,
                  stream,
                  logLevel,
                  capabilities,
                  call -> {
                    if (finished(call)) {
                      lane.leave();
                    }
                  }));
    } else {
      relay.forwardStatelessRequest(request, stream, logLevel, capabilities, this::finished);
    }
  }

  /** The client closed the response stream of its stateless requests. */
  public void streamClosed(EventStream stream) {
    subscriptions.ended(stream);
  }

  /**
   * A client's {@code notifications/cancelled}: true when it ended a subscription, which the server
   * never saw.
   */
  public boolean cancelled(ObjectNode notification) {
    JsonNode requestId = notification.path("params").get("requestId");
    return requestId != null && subscriptions.cancelled(requestId);
  }

  /** Open {@code subscriptions/listen} streams (for tests and diagnostics). */
  public int openSubscriptions() {
    return subscriptions.open();
  }

  /** Calls waiting for their turn behind one that may ask its client for input. */
  public int callsAwaitingTurn() {
    return lane.waiting();
  }

  private ObjectNode discover() {
    ObjectNode init = handshake.await(java.time.Duration.ofSeconds(30));
    ObjectNode result = JsonRpc.NODES.objectNode();
    ArrayNode versions = result.putArray("supportedVersions");
    versions.add(VERSION);
    // The revision's result metadata names the server; a top-level serverInfo is not read.
    ObjectNode meta = JsonRpc.NODES.objectNode();
    if (init == null) {
      result.putObject("capabilities");
      meta.putObject(SERVER_INFO_META).put("name", "unavailable").put("version", "0");
    } else {
      result.set("capabilities", init.path("capabilities").deepCopy());
      meta.set(SERVER_INFO_META, init.path("serverInfo").deepCopy());
      if (init.hasNonNull("instructions")) {
        result.set("instructions", init.get("instructions"));
      }
    }
    result.set("_meta", meta);
    shapeResult("server/discover", result);
    return result;
  }

  private void retry(
      ObjectNode request,
      ObjectNode params,
      EventStream stream,
      LoggingLevel logLevel,
      JsonNode capabilities) {
    String state = params.path("requestState").asText();
    JsonNode responses = params.path("inputResponses");
    Parked call;
    synchronized (this) {
      call = parked.get(state);
      if (call == null || !call.call.method().equals(request.get("method").asText())) {
        // The state names one call; presented on any other request it is refused, not consumed.
        stream.publish(
            JsonRpc.bytes(
                JsonRpc.error(
                    request.get("id"),
                    JsonRpcErrors.INVALID_PARAMS,
                    "unknown or expired requestState")),
            true);
        return;
      }
      parked.remove(state);
      if (call.holdsLane) {
        resume(call, request, responses, stream, logLevel, capabilities, false);
        return;
      }
    }
    // It let other calls run while its client was away: it waits for its turn again.
    Parked resumed = call;
    lane.enter(
        stream,
        () -> {
          synchronized (this) {
            resumed.holdsLane = true;
            resume(resumed, request, responses, stream, logLevel, capabilities, true);
          }
        },
        () -> {
          synchronized (this) {
            giveUp(resumed, "the client left while its retry waited for its turn");
          }
        });
  }

  /**
   * Attaches a parked call to its retry and gives the server the answers it asked for.
   *
   * @param tookLane whether the retry just took the lane, which it must leave if the server had
   *     answered the call already (that answer's own leave came while it did not hold the lane)
   */
  private void resume(
      Parked call,
      ObjectNode request,
      JsonNode responses,
      EventStream stream,
      LoggingLevel logLevel,
      JsonNode capabilities,
      boolean tookLane) {
    ObjectNode answered = call.call.resume(request.get("id"), stream, logLevel, capabilities);
    for (Iterator<Map.Entry<String, JsonNode>> it = call.serverRequestIds.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode response = responses.get(entry.getKey());
      if (response != null) {
        relay.forwardToServer(JsonRpc.result(entry.getValue(), response));
        call.inputRequests.remove(entry.getKey());
        it.remove();
      }
    }
    if (answered != null) {
      byCall.remove(call.call);
      stream.publish(JsonRpc.bytes(answered), true);
      if (tookLane) {
        call.holdsLane = false;
        lane.leave();
      }
    } else if (!call.serverRequestIds.isEmpty()) {
      askForInput(call);
    }
  }

  /**
   * Takes every server→client request made while a stateless call is at the server: as an input
   * request of that call when it can only be that call's and its client declared what it needs,
   * else answered with an error on the client's behalf — a stateless client reads no other stream
   * it could go to. Requests made while only stateful clients are served take the usual way.
   */
  @Override
  public synchronized boolean route(ObjectNode serverRequest, Relay relay) {
    List<PendingRequest> atServer = relay.statelessRequestsAtServer();
    if (atServer.isEmpty()) {
      return false;
    }
    String method = serverRequest.path("method").asText();
    if ("ping".equals(method)) {
      // The runner is the server's client: it is there, whoever the call belongs to.
      answerServer(JsonRpc.result(serverRequest.get("id"), JsonRpc.NODES.objectNode()));
      return true;
    }
    List<PendingRequest> candidates = new ArrayList<>();
    for (PendingRequest p : atServer) {
      Parked entry = byCall.get(p);
      // A parked call that let others run is blocked on its own requests: it asks nothing more.
      if (InputRequests.METHODS.contains(p.method()) && (entry == null || entry.holdsLane)) {
        candidates.add(p);
      }
    }
    if (candidates.size() != 1) {
      refuse(
          serverRequest,
          JsonRpcErrors.INTERNAL_ERROR,
          candidates.isEmpty()
              ? "no call that may ask its client for input is running"
              : "cannot tell which of " + candidates.size() + " calls this request belongs to");
      return true;
    }
    PendingRequest call = candidates.get(0);
    String refusal = InputRequests.refusal(serverRequest, call.clientCapabilities());
    if (refusal != null) {
      // A handler that lets the error through gives the client MissingRequiredClientCapability.
      ObjectNode required = InputRequests.requiredCapabilities(refusal);
      ObjectNode answer =
          JsonRpc.error(
              serverRequest.get("id"),
              required == null
                  ? JsonRpcErrors.METHOD_NOT_FOUND
                  : JsonRpcErrors.MISSING_REQUIRED_CLIENT_CAPABILITY,
              refusal);
      if (required != null) {
        ((ObjectNode) answer.get("error")).putObject("data").set("requiredCapabilities", required);
      }
      refuseWith(serverRequest, answer, refusal);
      return true;
    }
    Parked entry = byCall.computeIfAbsent(call, Parked::new);
    add(entry, serverRequest);
    if (!call.isParked()) {
      askForInput(entry);
    } // else the client has its input_required already: this one is asked for on the retry
    return true;
  }

  private void refuse(ObjectNode serverRequest, int code, String message) {
    refuseWith(serverRequest, JsonRpc.error(serverRequest.get("id"), code, message), message);
  }

  private void refuseWith(ObjectNode serverRequest, ObjectNode answer, String message) {
    LOG.log(
        System.Logger.Level.INFO,
        "answering the server''s {0} with an error: {1}",
        serverRequest.path("method").asText(),
        message);
    answerServer(answer);
  }

  /** From a thread of its own: this runs on the thread reading the server's output. */
  private void answerServer(ObjectNode answer) {
    Thread.ofVirtual().name("answer-server").start(() -> relay.forwardToServer(answer));
  }

  /**
   * The server will not answer this call again: forget it unless its answer awaits a retry. True
   * when the call held the lane, which it has then left.
   */
  private synchronized boolean finished(PendingRequest call) {
    Parked entry = byCall.get(call);
    if (entry == null) {
      return true;
    }
    boolean held = entry.holdsLane;
    entry.holdsLane = false;
    if (!parked.containsValue(entry)) {
      byCall.remove(call);
    }
    return held;
  }

  private static void add(Parked call, ObjectNode serverRequest) {
    String method = serverRequest.get("method").asText();
    String key =
        method.substring(0, Math.max(0, method.indexOf('/')))
            + "-"
            + serverRequest.get("id").asText();
    call.serverRequestIds.put(key, serverRequest.get("id"));
    ObjectNode input = JsonRpc.NODES.objectNode();
    input.put("method", method);
    if (serverRequest.has("params")) {
      input.set("params", serverRequest.get("params"));
    }
    call.inputRequests.put(key, input);
  }

  private void askForInput(Parked call) {
    byte[] token = new byte[18];
    random.nextBytes(token);
    String state = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    parked.put(state, call);
    if (parked.size() > MAX_PARKED) {
      Iterator<Map.Entry<String, Parked>> oldest = parked.entrySet().iterator();
      Map.Entry<String, Parked> dropped = oldest.next();
      oldest.remove();
      giveUp(dropped.getValue(), "too many calls waiting for their clients");
    }
    CompletableFuture.runAsync(
        () -> expire(state, call),
        CompletableFuture.delayedExecutor(inputTimeout.toMillis(), TimeUnit.MILLISECONDS));
    ObjectNode result = JsonRpc.NODES.objectNode();
    result.put("resultType", "input_required");
    ObjectNode requests = result.putObject("inputRequests");
    call.inputRequests.forEach(requests::set);
    result.put("requestState", state);
    JsonNode clientId = call.call.clientId();
    EventStream stream = call.call.park();
    if (stream != null) {
      stream.publish(JsonRpc.bytes(JsonRpc.result(clientId, result)), true);
    }
    // A client may never come back (the revision lets it walk away), so the call does not keep
    // the lane while parked. Once the server answered a ping sent now, every request it made
    // before reading the next call has been read, and this call, blocked on its open requests,
    // makes no more: the next call's requests can only be the next call's.
    // Written from a thread of its own: this may run on the thread reading the server's output.
    Thread.ofVirtual()
        .name("park-ping")
        .start(
            () ->
                relay
                    .call("ping", JsonRpc.NODES.objectNode())
                    .whenComplete((pong, failure) -> caughtUp(state, call)));
  }

  private void caughtUp(String state, Parked call) {
    synchronized (this) {
      if (!call.holdsLane || parked.get(state) != call) {
        return; // retried already (it keeps the lane), finished or given up
      }
      call.holdsLane = false;
    }
    lane.leave();
  }

  /** The client did not come back for a parked call in time: it is abandoned. */
  private synchronized void expire(String state, Parked call) {
    if (parked.remove(state, call)) {
      giveUp(call, "the client did not answer within " + inputTimeout.toSeconds() + " s");
    }
  }

  /**
   * Answers the server's open requests of an abandoned call with an error and cancels the call, so
   * the server stops waiting and the lane is free for the next call.
   */
  private void giveUp(Parked call, String reason) {
    // Cancelled first, so the server's handler, unblocked by the errors, answers nobody; the
    // cancellation finishes the call, which leaves the lane if the call held it.
    relay.cancel(call.call, reason);
    byCall.remove(call.call);
    for (JsonNode id : call.serverRequestIds.values()) {
      answerServer(JsonRpc.error(id, JsonRpcErrors.REQUEST_TIMEOUT, reason));
    }
    call.serverRequestIds.clear();
  }
}
