package dev.mcpspawner.runner.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.contracts.JsonRpcErrors;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import dev.mcpspawner.runner.process.StdioServerProcess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Routes JSON-RPC between many concurrent HTTP exchanges and one stdio server. Every client request
 * goes to the server under a fresh id (and progress token), so ids from different callers cannot
 * collide; the answer goes back to the caller's stream under the caller's id.
 */
public final class Relay implements StdioServerProcess.MessageListener {
  private static final System.Logger LOG = System.getLogger(Relay.class.getName());
  private static final int RETAINED_STREAMS = 256;
  private static final long RETAINED_BYTES = 32L * 1024 * 1024;

  /** Decides what happens to a server→client request; the default puts it on the GET stream. */
  public interface ServerRequestRouter {
    /** Returns true when it took the request (e.g. turned it into {@code input_required}). */
    boolean route(ObjectNode serverRequest, Relay relay);
  }

  /** Looks at a client's answer to a server→client request before the server gets it. */
  public interface ClientAnswerFilter {
    /**
     * May change {@code answer} in place; {@code method} is what the server asked, null when the
     * relay no longer knows (the filter must then judge by the answer alone).
     */
    void filter(String method, ObjectNode answer);
  }

  /** Hears the server's unsolicited notifications (list changes, resource updates). */
  public interface ChangeListener {
    void onChange(ObjectNode notification);

    /** The server is gone; nothing more will come. */
    void serverGone();
  }

  private static final int REMEMBERED_SERVER_REQUESTS = 1024;

  private final AtomicLong nextId = new AtomicLong(1);
  private final AtomicLong nextStreamId = new AtomicLong(1);
  private final Map<Long, PendingRequest> pending = new ConcurrentHashMap<>();
  private final Map<Long, EventStream> streams = new LinkedHashMap<>();

  /**
   * Server requests on the GET stream the client has not answered, by id, with their sequence
   * number; bounded, oldest go (a client that never answers must not grow the runner). Guarded by
   * {@link #serverRequestsLock}, which also covers putting one on the stream, so that a GET
   * computing where to start sees each request either not yet published or unanswered.
   */
  private final Map<String, Long> unansweredServerRequests =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > REMEMBERED_SERVER_REQUESTS;
        }
      };

  private final ReentrantLock serverRequestsLock = new ReentrantLock();
  private final EventStream getStream;
  private final int replayLimit;
  private volatile StdioServerProcess server;
  private volatile ServerRequestRouter serverRequestRouter = (request, relay) -> false;
  private volatile ClientAnswerFilter clientAnswerFilter = (method, answer) -> {};
  private volatile ChangeListener changeListener;
  private volatile StatelessResults statelessResults =
      (method, result) -> {
        if (!result.has("resultType")) {
          result.put("resultType", "complete");
        }
      };

  private volatile java.util.function.Consumer<ObjectNode> toolLists = result -> {};
  private static final String SUBSCRIPTION_ID_META = "io.modelcontextprotocol/subscriptionId";

  /** Gives a stateless client's result the shape its revision requires. */
  public interface StatelessResults {
    void shape(String method, ObjectNode result);
  }

  /** What the server asked, by its request id, until the client answers; bounded, oldest go. */
  private final Map<String, String> serverRequestMethods =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > REMEMBERED_SERVER_REQUESTS;
            }
          });

  private volatile String closedReason;

  public Relay(int replayLimit) {
    this.replayLimit = replayLimit;
    this.getStream = new EventStream(0, Integer.MAX_VALUE, replayLimit);
  }

  public void attach(StdioServerProcess server) {
    this.server = server;
  }

  public void serverRequestRouter(ServerRequestRouter router) {
    this.serverRequestRouter = router;
  }

  public void statelessResults(StatelessResults shaper) {
    this.statelessResults = shaper;
  }

  public void clientAnswerFilter(ClientAnswerFilter filter) {
    this.clientAnswerFilter = filter;
  }

  public void changeListener(ChangeListener listener) {
    this.changeListener = listener;
  }

  /** The stream for everything not tied to one request: the client's GET. */
  public EventStream getStream() {
    return getStream;
  }

  /** A new answer stream that is done after {@code expectedResponses} responses. */
  public EventStream openStream(int expectedResponses) {
    return new EventStream(nextStreamId.getAndIncrement(), expectedResponses, replayLimit);
  }

  /**
   * Keeps an SSE answer stream findable by its event ids, so a client that loses the connection can
   * resume it. Bounded in streams and in bytes: a few large results must not fill the heap.
   */
  public void retain(EventStream stream) {
    synchronized (streams) {
      streams.put(stream.streamId(), stream);
      long total = 0;
      for (EventStream s : streams.values()) {
        total += s.bytes();
      }
      Iterator<EventStream> oldest = streams.values().iterator();
      while (oldest.hasNext() && (streams.size() > RETAINED_STREAMS || total > RETAINED_BYTES)) {
        EventStream evicted = oldest.next();
        if (evicted == stream) {
          break;
        }
        total -= evicted.bytes();
        oldest.remove();
      }
    }
  }

  /** The stream an SSE event id belongs to, while it is still retained. */
  public EventStream findStream(long streamId) {
    if (streamId == 0) {
      return getStream;
    }
    synchronized (streams) {
      return streams.get(streamId);
    }
  }

  /** Sends a client request to the server; its answer (and its progress) go to {@code stream}. */
  public void forwardRequest(ObjectNode request, EventStream stream) {
    forward(request, stream, false, null, null, null);
  }

  /**
   * Sends a stateless client's request: its answer is shaped for its revision, and it gets log
   * messages only at or above {@code logLevel} (none when null). {@code onFinish} runs once the
   * server will not answer it any more (answered, cancelled, or the server gone).
   */
  public PendingRequest forwardStatelessRequest(
      ObjectNode request,
      EventStream stream,
      LoggingLevel logLevel,
      JsonNode clientCapabilities,
      Consumer<PendingRequest> onFinish) {
    return forward(request, stream, true, logLevel, clientCapabilities, onFinish);
  }

  private PendingRequest forward(
      ObjectNode request,
      EventStream stream,
      boolean stateless,
      LoggingLevel logLevel,
      JsonNode clientCapabilities,
      Consumer<PendingRequest> onFinish) {
    long runnerId = nextId.getAndIncrement();
    JsonNode clientId = request.get("id");
    JsonNode progressToken = null;
    if (request.get("params") instanceof ObjectNode params
        && params.get("_meta") instanceof ObjectNode meta
        && meta.has("progressToken")) {
      progressToken = meta.get("progressToken");
      meta.put("progressToken", runnerId);
    }
    String method = request.get("method").asText();
    PendingRequest p =
        new PendingRequest(
            runnerId,
            method,
            clientId,
            progressToken,
            stream,
            null,
            stateless,
            logLevel,
            clientCapabilities,
            onFinish);
    pending.put(runnerId, p);
    request.put("id", runnerId);
    send(request, p);
    return p;
  }

  /** Sends a request of the runner's own; the future completes with the whole response. */
  public CompletableFuture<JsonNode> call(String method, JsonNode params) {
    long runnerId = nextId.getAndIncrement();
    CompletableFuture<JsonNode> future = new CompletableFuture<>();
    PendingRequest p =
        new PendingRequest(runnerId, method, null, null, null, future, false, null, null, null);
    pending.put(runnerId, p);
    send(JsonRpc.request(runnerId, method, params), p);
    return future;
  }

  private void send(ObjectNode request, PendingRequest p) {
    String reason = closedReason;
    if (reason != null) {
      if (pending.remove(p.runnerId) != null) {
        fail(p, reason);
      }
      return;
    }
    try {
      server.send(request);
    } catch (IOException e) {
      if (pending.remove(p.runnerId) != null) {
        fail(p, "the MCP server is not accepting input: " + e.getMessage());
      }
    }
  }

  /**
   * Where a new GET subscriber without {@code Last-Event-ID} starts: after what was delivered, but
   * never after a server request the client has not answered — the connection it went out on may
   * have been dead already (a client that reconnected, a gateway that moved the stream).
   */
  public long getStreamResumePoint() {
    serverRequestsLock.lock();
    try {
      long from = getStream.deliveredSeq();
      for (long seq : unansweredServerRequests.values()) {
        from = Math.min(from, seq - 1);
      }
      return from;
    } finally {
      serverRequestsLock.unlock();
    }
  }

  /** Client notifications and client answers to server requests go to the server as they are. */
  public void forwardToServer(ObjectNode message) {
    if (message.has("id") && !message.has("method")) {
      serverRequestsLock.lock();
      try {
        unansweredServerRequests.remove(message.get("id").toString());
      } finally {
        serverRequestsLock.unlock();
      }
      // Null when answered already: a request replayed on two GET streams is answered twice,
      // and the second answer must not slip past the filter.
      clientAnswerFilter.filter(serverRequestMethods.remove(message.get("id").toString()), message);
    }
    if ("notifications/cancelled".equals(message.path("method").asText())
        && message.get("params") instanceof ObjectNode params
        && params.has("requestId")) {
      Long runnerId = runnerIdOf(params.get("requestId"));
      if (runnerId == null) {
        return; // already answered, or never ours: nothing to cancel
      }
      params.put("requestId", runnerId);
    }
    try {
      server.send(message);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "dropping a client message: server input closed", e);
    }
  }

  /**
   * The client closed the response stream of its stateless requests: for 2026-07-28 that is their
   * cancellation, so the server is told and nothing more goes to the stream. (Stateful clients may
   * come back for the stream with {@code Last-Event-ID}, so theirs are not cancelled.)
   */
  public void cancelStatelessRequestsOf(EventStream stream, String reason) {
    cancelRequestsOf(stream, reason, false);
  }

  /**
   * As {@link #cancelStatelessRequestsOf}, for every client request of the stream: a 2026-07-28
   * server passed through has no other kind.
   */
  public void cancelRequestsOf(EventStream stream, String reason, boolean passThrough) {
    for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext(); ) {
      PendingRequest p = it.next();
      if (p.isClientRequest() && (passThrough || p.stateless) && p.stream() == stream) {
        it.remove();
        cancelAtServer(p, reason);
      }
    }
    stream.close();
  }

  /**
   * Gives up on a stateless request the client left parked: the server is told to cancel it, and
   * whatever it still sends for it goes nowhere.
   */
  public void cancel(PendingRequest p, String reason) {
    if (pending.remove(p.runnerId, p)) {
      cancelAtServer(p, reason);
    }
  }

  private void cancelAtServer(PendingRequest p, String reason) {
    ObjectNode params = JsonRpc.NODES.objectNode();
    params.put("requestId", p.runnerId);
    params.put("reason", reason);
    try {
      server.send(JsonRpc.notification("notifications/cancelled", params));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot cancel: server input closed", e);
    }
    p.finish();
  }

  private Long runnerIdOf(JsonNode clientId) {
    for (PendingRequest p : pending.values()) {
      if (p.isClientRequest() && clientId.equals(p.clientId())) {
        return p.runnerId;
      }
    }
    return null;
  }

  /** Client requests the server has not answered yet. */
  public int inFlight() {
    int n = 0;
    for (PendingRequest p : pending.values()) {
      if (p.isClientRequest()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void onMessage(JsonNode message) {
    if (!(message instanceof ObjectNode m)) {
      LOG.log(System.Logger.Level.WARNING, "ignoring a non-object message from the server");
      return;
    }
    switch (JsonRpc.kind(m)) {
      case RESPONSE -> onResponse(m);
      case NOTIFICATION -> onNotification(m);
      case REQUEST -> {
        serverRequestMethods.put(m.get("id").toString(), m.get("method").asText());
        if (!serverRequestRouter.route(m, this)) {
          byte[] data = JsonRpc.bytes(m);
          serverRequestsLock.lock();
          try {
            long seq = getStream.publish(data, false);
            if (seq > 0) {
              unansweredServerRequests.put(m.get("id").toString(), seq);
            }
          } finally {
            serverRequestsLock.unlock();
          }
        }
      }
      case INVALID -> LOG.log(System.Logger.Level.WARNING, "ignoring invalid JSON-RPC from server");
    }
  }

  private void onResponse(ObjectNode response) {
    JsonNode id = response.get("id");
    PendingRequest p = id.canConvertToLong() ? pending.remove(id.asLong()) : null;
    if (p == null) {
      LOG.log(System.Logger.Level.WARNING, "server answered unknown request id {0}", id);
      return;
    }
    p.finish();
    if (!p.isClientRequest()) {
      p.internal.complete(response);
      return;
    }
    response.set("id", p.clientId());
    deliver(p, response);
  }

  /** Sees every tools/list result on its way to a client, whatever its revision. */
  public void toolLists(java.util.function.Consumer<ObjectNode> observer) {
    this.toolLists = observer;
  }

  /** Puts the final answer of a client request on its stream. */
  private void deliver(PendingRequest p, ObjectNode response) {
    if ("tools/list".equals(p.method) && response.get("result") instanceof ObjectNode result) {
      toolLists.accept(result);
    }
    if (p.stateless && response.get("result") instanceof ObjectNode result) {
      statelessResults.shape(p.method, result);
    }
    p.answer(response, JsonRpc.bytes(response));
  }

  private void onNotification(ObjectNode notification) {
    String method = notification.get("method").asText();
    if (toListener(notification)) {
      return;
    }
    if ("notifications/progress".equals(method)
        && notification.get("params") instanceof ObjectNode params) {
      JsonNode token = params.get("progressToken");
      PendingRequest p =
          token != null && token.canConvertToLong() ? pending.get(token.asLong()) : null;
      EventStream stream = p != null && p.isClientRequest() ? p.stream() : null;
      if (stream != null && p.progressToken != null) {
        params.set("progressToken", p.progressToken);
        stream.publish(JsonRpc.bytes(notification), false);
        return;
      }
    }
    if ("notifications/message".equals(method)) {
      // stdio carries no request id on a log message; with exactly one call running, it is that
      // call's log, which the client wants next to the result.
      PendingRequest only = onlyClientRequest();
      if (only != null && only.stateless) {
        // Only at the level it asked for, and only on its own stream: never diverted elsewhere.
        LoggingLevel level = LoggingLevel.parse(notification.path("params").path("level").asText());
        EventStream stream = only.wantsLog(level) ? only.stream() : null;
        if (stream != null) {
          stream.publish(JsonRpc.bytes(notification), false);
        }
        return;
      }
      EventStream stream = only == null ? null : only.stream();
      if (stream != null) {
        stream.publish(JsonRpc.bytes(notification), false);
        return;
      }
      if (only == null && statelessRequestInFlight()) {
        // Whose it is cannot be told, and a stateless client reads no GET stream: attributing it
        // to one of the calls could hand it to a call that asked for none.
        return;
      }
    }
    ChangeListener changes = changeListener;
    if (changes != null) {
      changes.onChange(notification);
    }
    getStream.publish(JsonRpc.bytes(notification), false);
  }

  /**
   * A 2026-07-28 server's notification for one of its {@code subscriptions/listen} streams (it
   * names the stream by the listen request's id, which the server knows as the runner's): goes on
   * that stream, naming it by the client's id.
   */
  private boolean toListener(ObjectNode notification) {
    JsonNode meta = notification.path("params").path("_meta");
    JsonNode id = meta.get(SUBSCRIPTION_ID_META);
    PendingRequest p = id != null && id.canConvertToLong() ? pending.get(id.asLong()) : null;
    EventStream stream = p != null && p.isClientRequest() ? p.stream() : null;
    if (stream == null || !"subscriptions/listen".equals(p.method)) {
      return false;
    }
    ((ObjectNode) meta).set(SUBSCRIPTION_ID_META, p.clientId());
    stream.publish(JsonRpc.bytes(notification), false);
    return true;
  }

  private boolean statelessRequestInFlight() {
    for (PendingRequest p : pending.values()) {
      if (p.isClientRequest() && p.stateless) {
        return true;
      }
    }
    return false;
  }

  private PendingRequest onlyClientRequest() {
    PendingRequest found = null;
    for (PendingRequest p : pending.values()) {
      if (p.isClientRequest()) {
        if (found != null) {
          return null;
        }
        found = p;
      }
    }
    return found;
  }

  /**
   * The stateless requests the server is still working on, parked or not: those a server→client
   * request can belong to (stdio does not say which).
   */
  public List<PendingRequest> statelessRequestsAtServer() {
    List<PendingRequest> found = new ArrayList<>();
    for (PendingRequest p : pending.values()) {
      if (p.isClientRequest() && p.stateless) {
        found.add(p);
      }
    }
    return found;
  }

  /** Answers every waiting request with an error and refuses new ones: the server is gone. */
  public void close(String reason) {
    closedReason = reason;
    ChangeListener changes = changeListener;
    if (changes != null) {
      changes.serverGone();
    }
    for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext(); ) {
      PendingRequest p = it.next();
      it.remove();
      fail(p, reason);
    }
    getStream.close();
  }

  private void fail(PendingRequest p, String reason) {
    p.finish();
    ObjectNode error = JsonRpc.error(p.clientId(), JsonRpcErrors.SERVER_GONE, reason);
    if (p.isClientRequest()) {
      deliver(p, error);
    } else {
      error.set("id", LongNode.valueOf(p.runnerId));
      p.internal.complete(error);
    }
  }
}
