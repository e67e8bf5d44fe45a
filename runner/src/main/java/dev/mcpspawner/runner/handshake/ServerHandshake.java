package dev.mcpspawner.runner.handshake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.McpRevisions;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.relay.Relay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runner's own {@code initialize} with the stdio server, done once, when the first client
 * request arrives. Its result answers every client's {@code initialize}, stateful or stateless,
 * because a stdio server can be initialized only once; it waits for that first request because the
 * capabilities it declares must be the client's own, and a server acts on them at initialize.
 */
public final class ServerHandshake {
  private static final System.Logger LOG = System.getLogger(ServerHandshake.class.getName());

  /** The newest stateful revision; stateless (2026-07-28) clients are bridged onto it. */
  public static final String STATEFUL_VERSION = McpRevisions.NEWEST_STATEFUL;

  private final CompletableFuture<ObjectNode> result = new CompletableFuture<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final Relay relay;
  private final String clientName;
  private final String clientVersion;
  private final Duration timeout;
  private volatile boolean statelessServer;

  public ServerHandshake(Relay relay, String clientName, String clientVersion, Duration timeout) {
    this.relay = relay;
    this.clientName = clientName;
    this.clientVersion = clientVersion;
    this.timeout = timeout;
  }

  /**
   * Sends {@code initialize} with the capabilities of the client that asked first (later calls do
   * nothing) and, once answered, {@code notifications/initialized}. Declaring more than the client
   * has would let the server offer tools the client cannot serve, or ask it for roots it never
   * chose. A server that refuses {@code initialize} (or answers with a stateless revision) is asked
   * {@code server/discover}: if it speaks 2026-07-28 it is passed through untouched. {@code
   * initialize} goes first because that is the one message every existing stdio server expects
   * first.
   */
  public void start(JsonNode clientCapabilities) {
    if (!started.compareAndSet(false, true)) {
      return;
    }
    ObjectNode clientInfo = JsonRpc.NODES.objectNode();
    clientInfo.put("name", clientName);
    clientInfo.put("version", clientVersion);
    ObjectNode capabilities =
        clientCapabilities instanceof ObjectNode declared
            ? declared.deepCopy()
            : JsonRpc.NODES.objectNode();

    ObjectNode params = JsonRpc.NODES.objectNode();
    params.put("protocolVersion", STATEFUL_VERSION);
    params.set("capabilities", capabilities);
    params.set("clientInfo", clientInfo);
    call("initialize", params)
        .whenComplete(
            (response, failure) -> {
              if (failure != null) {
                LOG.log(System.Logger.Level.ERROR, "the MCP server did not answer initialize");
                result.completeExceptionally(failure);
              } else if (response.get("result") instanceof ObjectNode r
                  && r.path("protocolVersion").asText("").compareTo(McpRevisions.STATELESS) < 0) {
                relay.forwardToServer(JsonRpc.notification("notifications/initialized", null));
                LOG.log(
                    System.Logger.Level.INFO,
                    "MCP server {0} ready, protocol {1}",
                    r.path("serverInfo").path("name").asText("?"),
                    r.path("protocolVersion").asText("?"));
                result.complete(r);
              } else {
                discover(clientInfo, capabilities, response);
              }
            });
  }

  private void discover(
      ObjectNode clientInfo, ObjectNode capabilities, JsonNode initializeResponse) {
    ObjectNode params = JsonRpc.NODES.objectNode();
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", McpRevisions.STATELESS);
    meta.set("io.modelcontextprotocol/clientInfo", clientInfo);
    meta.set("io.modelcontextprotocol/clientCapabilities", capabilities);
    call("server/discover", params)
        .whenComplete(
            (response, failure) -> {
              if (failure == null
                  && response.get("result") instanceof ObjectNode r
                  && r.path("supportedVersions")
                      .toString()
                      .contains("\"" + McpRevisions.STATELESS + "\"")) {
                statelessServer = true;
                LOG.log(
                    System.Logger.Level.INFO,
                    "MCP server {0} speaks {1}: passing requests through",
                    // The revision names the server in the result's _meta (older drafts: top).
                    r.path("_meta")
                        .path("io.modelcontextprotocol/serverInfo")
                        .path("name")
                        .asText(r.path("serverInfo").path("name").asText("?")),
                    McpRevisions.STATELESS);
                result.complete(r);
              } else {
                LOG.log(
                    System.Logger.Level.ERROR,
                    "the MCP server refused initialize: {0}",
                    initializeResponse.path("error"));
                result.completeExceptionally(
                    new IllegalStateException(
                        "initialize failed: " + initializeResponse.path("error")));
              }
            });
  }

  /** The server speaks 2026-07-28 itself: requests go to it untouched, nothing is bridged. */
  public boolean serverIsStateless() {
    return statelessServer;
  }

  public boolean isDone() {
    return result.isDone() && !result.isCompletedExceptionally();
  }

  /** The server refused or never answered the runner's initialize. */
  public boolean failed() {
    return result.isCompletedExceptionally();
  }

  /** A request to the server that fails with a timeout if not answered within the handshake's. */
  private CompletableFuture<JsonNode> call(String method, ObjectNode params) {
    return relay.call(method, params).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The server's InitializeResult, waiting for it if needed; null when the handshake failed. */
  public ObjectNode await(Duration timeout) {
    try {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Exception e) {
      return null;
    }
  }

  public CompletableFuture<ObjectNode> result() {
    return result;
  }

  /** The server's protocol version, or null before the handshake. */
  public String protocolVersion() {
    ObjectNode r = result.getNow(null);
    JsonNode v = r == null ? null : r.get("protocolVersion");
    return v == null ? null : v.asText();
  }
}
