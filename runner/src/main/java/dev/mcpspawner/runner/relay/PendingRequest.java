package dev.mcpspawner.runner.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A request the server has not answered yet, under the id the runner gave it. Either a client's
 * (answered on its stream under the client's own id) or the runner's own ({@link #internal}). A
 * stateless client's request can be parked: its HTTP answer was {@code input_required}, and the
 * server's answer waits for the client's retry.
 */
public final class PendingRequest {
  final long runnerId;
  final String method;
  final JsonNode progressToken;
  final CompletableFuture<JsonNode> internal;
  final boolean stateless;
  private JsonNode clientId;
  private EventStream stream;
  private ObjectNode answerWhileParked;
  private JsonNode clientCapabilities;
  private Consumer<PendingRequest> onFinish;

  /**
   * The least severe log message a stateless request asked for; null: it asked for none, and then
   * gets none. Ignored for stateful requests, whose level is the session's.
   */
  private LoggingLevel logLevel;

  PendingRequest(
      long runnerId,
      String method,
      JsonNode clientId,
      JsonNode progressToken,
      EventStream stream,
      CompletableFuture<JsonNode> internal,
      boolean stateless,
      LoggingLevel logLevel,
      JsonNode clientCapabilities,
      Consumer<PendingRequest> onFinish) {
    this.runnerId = runnerId;
    this.method = method;
    this.clientId = clientId;
    this.progressToken = progressToken;
    this.stream = stream;
    this.internal = internal;
    this.stateless = stateless;
    this.logLevel = logLevel;
    this.clientCapabilities = clientCapabilities;
    this.onFinish = onFinish;
  }

  public String method() {
    return method;
  }

  /** What the stateless client of this request (or of its latest retry) declared it can do. */
  public synchronized JsonNode clientCapabilities() {
    return clientCapabilities;
  }

  /** Called once the server will not answer any more: answered, cancelled or gone. */
  void finish() {
    Consumer<PendingRequest> run;
    synchronized (this) {
      run = onFinish;
      onFinish = null;
    }
    if (run != null) {
      run.accept(this);
    }
  }

  boolean isClientRequest() {
    return internal == null;
  }

  public synchronized JsonNode clientId() {
    return clientId;
  }

  synchronized EventStream stream() {
    return stream;
  }

  /** Whether this stateless request asked for log messages at {@code level}. */
  synchronized boolean wantsLog(LoggingLevel level) {
    return logLevel != null && logLevel.admits(level);
  }

  public synchronized boolean isParked() {
    return stream == null;
  }

  /** Detaches the request from its HTTP exchange; returns the stream it was answered on. */
  public synchronized EventStream park() {
    EventStream was = stream;
    stream = null;
    return was;
  }

  /**
   * Attaches a parked request to the client's retry. Returns the server's answer if it came while
   * parked (the caller delivers it), else null. The retry says afresh which log messages it wants
   * and what its client can do.
   */
  public synchronized ObjectNode resume(
      JsonNode newClientId,
      EventStream newStream,
      LoggingLevel newLogLevel,
      JsonNode newClientCapabilities) {
    clientId = newClientId;
    stream = newStream;
    logLevel = newLogLevel;
    clientCapabilities = newClientCapabilities;
    ObjectNode answer = answerWhileParked;
    answerWhileParked = null;
    if (answer != null) {
      answer.set("id", newClientId);
    }
    return answer;
  }

  /** Publishes the final answer, or keeps it until the retry when parked. */
  synchronized void answer(ObjectNode response, byte[] bytes) {
    if (stream == null) {
      answerWhileParked = response;
    } else {
      stream.publish(bytes, true);
    }
  }
}
