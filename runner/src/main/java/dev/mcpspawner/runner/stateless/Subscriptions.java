package dev.mcpspawner.runner.stateless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.relay.EventStream;
import dev.mcpspawner.runner.relay.Relay;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code subscriptions/listen} for 2026-07-28 clients ({@code basic/patterns/subscriptions.mdx}),
 * fed by the stdio server's unsolicited change notifications. A stdio server sends list changes to
 * its one client, the runner, and resource updates only for what that client subscribed to: the
 * runner subscribes at the server to every URI some listener asked for, and unsubscribes when the
 * last of them has gone.
 */
final class Subscriptions implements Relay.ChangeListener {
  static final String SUBSCRIPTION_ID_META = "io.modelcontextprotocol/subscriptionId";
  private static final String SERVER_INFO_META = "io.modelcontextprotocol/serverInfo";

  /** Open listen streams at most, as the TypeScript SDK's listen router allows by default. */
  static final int MAX_LISTENERS = 1024;

  /** One open {@code subscriptions/listen} stream and what it agreed to receive. */
  private record Listener(
      JsonNode id,
      EventStream stream,
      boolean tools,
      boolean prompts,
      boolean resources,
      Set<String> uris) {
    boolean wants(String method, JsonNode params) {
      return switch (method) {
        case "notifications/tools/list_changed" -> tools;
        case "notifications/prompts/list_changed" -> prompts;
        case "notifications/resources/list_changed" -> resources;
        case "notifications/resources/updated" -> uris.contains(params.path("uri").asText());
        default -> false;
      };
    }
  }

  /** The runner's own subscription to one URI at the server, shared by its listeners. */
  private static final class ServerSubscription {
    int listeners;
    CompletableFuture<Boolean> subscribed;
  }

  private final Relay relay;
  private final Duration timeout;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, ServerSubscription> atServer = new HashMap<>(); // guarded by this

  /** The server's identity, named in the result that ends a subscription. */
  private volatile JsonNode serverInfo;

  Subscriptions(Relay relay, Duration timeout) {
    this.relay = relay;
    this.timeout = timeout;
  }

  /**
   * Opens a listen stream: acknowledges what the server can deliver of the requested filter, then
   * forwards matching notifications until the client leaves or the server goes.
   */
  void listen(ObjectNode request, ObjectNode serverInit, EventStream stream) {
    JsonNode id = request.get("id");
    JsonNode filter = request.path("params").path("notifications");
    String invalid = invalidFilter(filter);
    if (invalid != null) {
      stream.publish(
          JsonRpc.bytes(
              JsonRpc.error(id, JsonRpcErrors.INVALID_PARAMS, "Invalid params: " + invalid)),
          true);
      return;
    }
    if (listeners.size() >= MAX_LISTENERS) {
      stream.publish(
          JsonRpc.bytes(
              JsonRpc.error(id, JsonRpcErrors.INTERNAL_ERROR, "Subscription limit reached")),
          true);
      return;
    }
    JsonNode serverCapabilities =
        serverInit == null ? JsonRpc.NODES.objectNode() : serverInit.path("capabilities");
    if (serverInit != null && serverInit.has("serverInfo")) {
      serverInfo = serverInit.get("serverInfo");
    }
    boolean tools =
        filter.path("toolsListChanged").asBoolean(false)
            && serverCapabilities.path("tools").path("listChanged").asBoolean(false);
    boolean prompts =
        filter.path("promptsListChanged").asBoolean(false)
            && serverCapabilities.path("prompts").path("listChanged").asBoolean(false);
    boolean resources =
        filter.path("resourcesListChanged").asBoolean(false)
            && serverCapabilities.path("resources").path("listChanged").asBoolean(false);
    Set<String> uris = new LinkedHashSet<>();
    if (serverCapabilities.path("resources").path("subscribe").asBoolean(false)) {
      for (JsonNode uri : filter.path("resourceSubscriptions")) {
        if (!uris.contains(uri.asText()) && subscribeAtServer(uri.asText())) {
          uris.add(uri.asText());
        }
      }
    }
    ObjectNode params = JsonRpc.NODES.objectNode();
    params.putObject("_meta").set(SUBSCRIPTION_ID_META, id);
    ObjectNode agreed = params.putObject("notifications");
    if (tools) {
      agreed.put("toolsListChanged", true);
    }
    if (prompts) {
      agreed.put("promptsListChanged", true);
    }
    if (resources) {
      agreed.put("resourcesListChanged", true);
    }
    if (!uris.isEmpty()) {
      ArrayNode list = agreed.putArray("resourceSubscriptions");
      uris.forEach(list::add);
    }
    // The acknowledgement goes first: nothing of this subscription may precede it.
    stream.publish(
        JsonRpc.bytes(JsonRpc.notification("notifications/subscriptions/acknowledged", params)),
        false);
    if (agreed.isEmpty()) {
      // Nothing it asked for can come: the subscription ends at once, as it would later.
      stream.publish(JsonRpc.bytes(JsonRpc.result(id, endResult(id))), true);
      return;
    }
    Listener listener = new Listener(id, stream, tools, prompts, resources, Set.copyOf(uris));
    listeners.add(listener);
    if (stream.isDone()) {
      remove(listener); // the client left while the server was being subscribed
    }
  }

  /** The client closed a listen stream: the subscription is over. */
  void ended(EventStream stream) {
    for (Listener listener : listeners) {
      if (listener.stream() == stream) {
        remove(listener);
      }
    }
  }

  /** The client cancelled a listen request by its id (what it does on any transport). */
  boolean cancelled(JsonNode requestId) {
    boolean found = false;
    for (Listener listener : listeners) {
      if (listener.id().equals(requestId)) {
        remove(listener);
        listener.stream().close();
        found = true;
      }
    }
    return found;
  }

  /** Listen streams open (for tests and diagnostics). */
  int open() {
    return listeners.size();
  }

  @Override
  public void onChange(ObjectNode notification) {
    String method = notification.path("method").asText();
    JsonNode params = notification.path("params");
    for (Listener listener : listeners) {
      if (listener.stream().isDone()) {
        remove(listener);
      } else if (listener.wants(method, params)) {
        ObjectNode copy = notification.deepCopy();
        ObjectNode copyParams =
            copy.get("params") instanceof ObjectNode p ? p : copy.putObject("params");
        ObjectNode meta =
            copyParams.get("_meta") instanceof ObjectNode m ? m : copyParams.putObject("_meta");
        meta.set(SUBSCRIPTION_ID_META, listener.id());
        listener.stream().publish(JsonRpc.bytes(copy), false);
      }
    }
  }

  /** The server is gone: every subscription ends gracefully, with its empty result. */
  @Override
  public void serverGone() {
    for (Listener listener : listeners) {
      listeners.remove(listener);
      listener.stream()
          .publish(JsonRpc.bytes(JsonRpc.result(listener.id(), endResult(listener.id()))), true);
    }
  }

  /** The result that ends a subscription gracefully: empty, naming it and the server. */
  private ObjectNode endResult(JsonNode id) {
    ObjectNode result = JsonRpc.NODES.objectNode();
    result.put("resultType", "complete");
    ObjectNode meta = result.putObject("_meta");
    meta.set(SUBSCRIPTION_ID_META, id);
    JsonNode info = serverInfo;
    if (info != null) {
      meta.set(SERVER_INFO_META, info.deepCopy());
    }
    return result;
  }

  /**
   * Why a listen request's {@code notifications} filter is not one, or null. The filter is
   * required; its flags are booleans and its resource subscriptions a list of URIs.
   */
  private static String invalidFilter(JsonNode filter) {
    if (!filter.isObject()) {
      return "'notifications' is required and must be a subscription filter";
    }
    for (String flag : List.of("toolsListChanged", "promptsListChanged", "resourcesListChanged")) {
      if (filter.has(flag) && !filter.get(flag).isBoolean()) {
        return "'notifications." + flag + "' must be a boolean";
      }
    }
    JsonNode uris = filter.get("resourceSubscriptions");
    if (uris != null) {
      if (!uris.isArray()) {
        return "'notifications.resourceSubscriptions' must be a list of URIs";
      }
      for (JsonNode uri : uris) {
        if (!uri.isTextual()) {
          return "'notifications.resourceSubscriptions' must be a list of URIs";
        }
      }
    }
    return null;
  }

  private void remove(Listener listener) {
    if (listeners.remove(listener)) {
      listener.uris().forEach(this::unsubscribeAtServer);
    }
  }

  private boolean subscribeAtServer(String uri) {
    CompletableFuture<Boolean> subscribed;
    synchronized (this) {
      ServerSubscription s = atServer.computeIfAbsent(uri, u -> new ServerSubscription());
      if (s.subscribed == null) {
        s.subscribed =
            relay
                .call("resources/subscribe", JsonRpc.NODES.objectNode().put("uri", uri))
                .thenApply(response -> response.has("result"));
      }
      s.listeners++;
      subscribed = s.subscribed;
    }
    // Waited for outside the lock: the answer comes on the thread that also delivers changes.
    boolean ok;
    try {
      ok = subscribed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ok = false;
    } catch (Exception e) {
      ok = false;
    }
    if (!ok) {
      unsubscribeAtServer(uri);
    }
    return ok;
  }

  private void unsubscribeAtServer(String uri) {
    CompletableFuture<Boolean> subscribed;
    synchronized (this) {
      ServerSubscription s = atServer.get(uri);
      if (s == null || --s.listeners > 0) {
        return;
      }
      atServer.remove(uri);
      subscribed = s.subscribed;
    }
    subscribed.thenAccept(
        ok -> {
          if (ok) {
            relay.call("resources/unsubscribe", JsonRpc.NODES.objectNode().put("uri", uri));
          }
        });
  }
}
