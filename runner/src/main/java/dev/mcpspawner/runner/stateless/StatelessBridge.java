package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import dev.mcpspawner.runner.handshake.ServerHandshake;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.relay.EventStream;
import dev.mcpspawner.runner.relay.LoggingLevel;
import dev.mcpspawner.runner.relay.PendingRequest;
import dev.mcpspawner.runner.relay.Relay;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Serves stateless (2026-07-28) clients from a stateful stdio server: answers {@code
 * server/discover} from the runner's own handshake, drops the per-request {@code _meta} the server
 * would not understand, marks results {@code resultType: complete}, and turns a server→client
 * request raised during a call into an {@code input_required} result whose retry answers it.
 */
public final class StatelessBridge implements Relay.ServerRequestRouter {
  public static final String VERSION = dev.mcpspawner.runner.handshake.StatelessVersion.VERSION;
  private static final String META_PREFIX = "io.modelcontextprotocol/";
  private static final String PROTOCOL_VERSION_META = META_PREFIX + "protocolVersion";
  private static final String CAPABILITIES_META = META_PREFIX + "clientCapabilities";
  private static final String SERVER_INFO_META = META_PREFIX + "serverInfo";
  private static final String LOG_LEVEL_META = META_PREFIX + "logLevel";
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
          "completion/complete");

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

  /** One call waiting for the client's input: the server requests it has not had answers to. */
  private static final class Parked {
    final PendingRequest call;
    final Map<String, JsonNode> serverRequestIds = new LinkedHashMap<>();
    final Map<String, ObjectNode> inputRequests = new LinkedHashMap<>();

    Parked(PendingRequest call) {
      this.call = call;
    }
  }

  public StatelessBridge(Relay relay, ServerHandshake handshake) {
    this.relay = relay;
    this.handshake = handshake;
  }

  /** A stateless request names its protocol version per request, in a header or in _meta. */
  public boolean isStateless(Headers headers, ObjectNode request) {
    String header = headers.getFirst("MCP-Protocol-Version");
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
    String header = headers.getFirst("MCP-Protocol-Version");
    String requested = header != null ? header : meta.path(PROTOCOL_VERSION_META).asText(null);
    if (requested != null && !VERSION.equals(requested)) {
      // Clients fall back on the supported list, so it goes in the error's data.
      ObjectNode error =
          JsonRpc.error(
              id,
              JsonRpc.UNSUPPORTED_PROTOCOL_VERSION,
              "Unsupported protocol version: " + requested);
      ObjectNode data = ((ObjectNode) error.get("error")).putObject("data");
      data.putArray("supported").add(VERSION);
      data.put("requested", requested);
      return new Refusal(400, error);
    }
    if (!meta.has(PROTOCOL_VERSION_META) || !meta.has(CAPABILITIES_META)) {
      return new Refusal(
          400,
          JsonRpc.error(
              id,
              JsonRpc.INVALID_PARAMS,
              "Invalid params: _meta must carry "
                  + PROTOCOL_VERSION_META
                  + " and "
                  + CAPABILITIES_META));
    }
    if (meta.has(LOG_LEVEL_META) && LoggingLevel.parse(meta.get(LOG_LEVEL_META).asText()) == null) {
      return new Refusal(
          400,
          JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: unknown " + LOG_LEVEL_META));
    }
    return null;
  }

  /** A method this revision does not have, or null; for bridged servers only. */
  public Refusal unknownMethod(ObjectNode request) {
    JsonNode id = request.get("id");
    String method = request.path("method").asText();
    if (!METHODS.contains(method)) {
      return new Refusal(
          404, JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method));
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
    ObjectNode params = request.get("params") instanceof ObjectNode p ? p : null;
    // The server gets no per-request level (stdio has none); the relay filters its messages.
    LoggingLevel logLevel =
        LoggingLevel.parse(request.path("params").path("_meta").path(LOG_LEVEL_META).asText(null));
    if (params != null && params.get("_meta") instanceof ObjectNode meta) {
      meta.properties().removeIf(e -> e.getKey().startsWith(META_PREFIX));
      if (meta.isEmpty()) {
        params.remove("_meta");
      }
    }
    if (params != null && params.has("requestState")) {
      retry(request, params, stream, logLevel);
      return;
    }
    if (params != null) {
      params.remove("inputResponses"); // answers without state have nothing to answer
    }
    relay.forwardStatelessRequest(request, stream, logLevel);
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
      result.set("capabilities", honestCapabilities(init.path("capabilities")));
      meta.set(SERVER_INFO_META, init.path("serverInfo").deepCopy());
      if (init.hasNonNull("instructions")) {
        result.set("instructions", init.get("instructions"));
      }
    }
    result.set("_meta", meta);
    shapeResult("server/discover", result);
    return result;
  }

  /**
   * The server's capabilities less what the bridge cannot deliver to a stateless client: change
   * notifications and resource subscriptions would need {@code subscriptions/listen}, which the
   * bridge does not serve, so a client must not be told to wait for them.
   */
  private static ObjectNode honestCapabilities(JsonNode declared) {
    ObjectNode capabilities =
        declared instanceof ObjectNode o ? o.deepCopy() : JsonRpc.NODES.objectNode();
    for (String feature : new String[] {"tools", "prompts", "resources"}) {
      if (capabilities.get(feature) instanceof ObjectNode f) {
        f.remove("listChanged");
        f.remove("subscribe");
      }
    }
    return capabilities;
  }

  private void retry(
      ObjectNode request, ObjectNode params, EventStream stream, LoggingLevel logLevel) {
    String state = params.path("requestState").asText();
    JsonNode responses = params.path("inputResponses");
    synchronized (this) {
      Parked call = parked.remove(state);
      if (call == null) {
        stream.publish(
            JsonRpc.bytes(
                JsonRpc.error(
                    request.get("id"), JsonRpc.INVALID_PARAMS, "unknown or expired requestState")),
            true);
        return;
      }
      ObjectNode answered = call.call.resume(request.get("id"), stream, logLevel);
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
        stream.publish(JsonRpc.bytes(answered), true);
      } else if (!call.serverRequestIds.isEmpty()) {
        askForInput(call);
      }
    }
  }

  @Override
  public synchronized boolean route(ObjectNode serverRequest, Relay relay) {
    PendingRequest active = relay.oldestActiveStatelessRequest();
    if (active != null) {
      Parked call = new Parked(active);
      add(call, serverRequest);
      askForInput(call);
      return true;
    }
    // A further request for a call already waiting on its client: asked for on the retry.
    Parked latest = null;
    for (Parked p : parked.values()) {
      latest = p;
    }
    if (latest != null) {
      add(latest, serverRequest);
      return true;
    }
    return false;
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
      Iterator<Parked> oldest = parked.values().iterator();
      oldest.next();
      oldest.remove();
    }
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
  }
}
