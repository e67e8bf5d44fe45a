package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import dev.mcpspawner.runner.handshake.ServerHandshake;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.relay.EventStream;
import dev.mcpspawner.runner.relay.PendingRequest;
import dev.mcpspawner.runner.relay.Relay;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves stateless (2026-07-28) clients from a stateful stdio server: answers {@code
 * server/discover} from the runner's own handshake, drops the per-request {@code _meta} the server
 * would not understand, marks results {@code resultType: complete}, and turns a server→client
 * request raised during a call into an {@code input_required} result whose retry answers it.
 */
public final class StatelessBridge implements Relay.ServerRequestRouter {
  public static final String VERSION = dev.mcpspawner.runner.handshake.StatelessVersion.VERSION;
  private static final String META_PREFIX = "io.modelcontextprotocol/";
  private static final int MAX_PARKED = 1024;

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

  public void handle(ObjectNode request, EventStream stream) {
    String method = request.get("method").asText();
    if ("server/discover".equals(method)) {
      stream.publish(JsonRpc.bytes(JsonRpc.result(request.get("id"), discover())), true);
      return;
    }
    ObjectNode params = request.get("params") instanceof ObjectNode p ? p : null;
    if (params != null && params.get("_meta") instanceof ObjectNode meta) {
      meta.properties().removeIf(e -> e.getKey().startsWith(META_PREFIX));
      if (meta.isEmpty()) {
        params.remove("_meta");
      }
    }
    if (params != null && params.has("requestState")) {
      retry(request, params, stream);
      return;
    }
    if (params != null) {
      params.remove("inputResponses"); // answers without state have nothing to answer
    }
    relay.forwardRequest(request, stream, true);
  }

  private ObjectNode discover() {
    ObjectNode init = handshake.await(java.time.Duration.ofSeconds(30));
    ObjectNode result = JsonRpc.NODES.objectNode();
    result.put("resultType", "complete");
    ArrayNode versions = result.putArray("supportedVersions");
    versions.add(VERSION);
    if (init == null) {
      result.putObject("capabilities");
      result.putObject("serverInfo").put("name", "unavailable").put("version", "0");
      return result;
    }
    if (init.hasNonNull("protocolVersion")) {
      versions.add(init.get("protocolVersion").asText());
    }
    result.set("capabilities", init.path("capabilities").deepCopy());
    result.set("serverInfo", init.path("serverInfo").deepCopy());
    if (init.hasNonNull("instructions")) {
      result.set("instructions", init.get("instructions"));
    }
    return result;
  }

  private void retry(ObjectNode request, ObjectNode params, EventStream stream) {
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
      ObjectNode answered = call.call.resume(request.get("id"), stream);
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
