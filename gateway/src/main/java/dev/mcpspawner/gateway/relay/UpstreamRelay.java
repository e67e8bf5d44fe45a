package dev.mcpspawner.gateway.relay;

import dev.mcpspawner.contracts.McpHeaders;
import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.gateway.session.Sandbox;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one client request on to a session's runner and hands back the response as a stream. Only
 * MCP headers travel: never the client's credentials, cookies or {@code Mcp-Session-Id} (the
 * gateway owns session ids; the runner serves one session per pod). A {@code transport:
 * streamable-http} server that is stateful issues its own session id: that one is kept per sandbox
 * and sent back on every later request to it, and never shown to the client.
 *
 * <p>HTTP/1.1 over keep-alive connections per runner, used from the request's own virtual thread
 * with blocking I/O ({@link UpstreamConnection}; the framing is Jetty's parser). Responses pass
 * through byte for byte: no content decoding, no redirects. Any number of connections per runner,
 * so a request never queues behind a session's open streams. It replaced first the JDK HttpClient
 * and then Jetty's asynchronous client: both hand every response from a selector thread to the
 * waiting request, and those hand-offs were most of the gateway's CPU per call
 * (docs/benchmarks/gateway.md).
 */
public final class UpstreamRelay implements AutoCloseable {
  /** Request headers passed to the runner as they came. */
  public static final List<String> FORWARDED =
      List.of(
          "Content-Type",
          "Accept",
          McpHeaders.PROTOCOL_VERSION,
          McpHeaders.LAST_EVENT_ID,
          McpHeaders.METHOD,
          McpHeaders.NAME,
          "traceparent",
          "tracestate");

  /** How long an upstream connection may carry no bytes at all, at the least. */
  static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(2);

  /**
   * How long a connection may wait in the pool. Well under the runner's own idle close (10 min), so
   * a pooled connection is not closed by the runner just as a request goes out on it.
   */
  static final Duration POOL_IDLE = Duration.ofSeconds(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Duration timeout;
  private final Duration idleTimeout;
  private final Map<String, Deque<UpstreamConnection>> pool = new ConcurrentHashMap<>();

  /**
   * The upstream's own session id by sandbox. A re-created sandbox is another record (new token,
   * new pod), so it never inherits an ended upstream session.
   */
  private final Map<Sandbox, String> upstreamSessions = new ConcurrentHashMap<>();

  private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());

  /** This relay's deliveries: a random prefix, unique across replicas and restarts, and a count. */
  private final String deliveryPrefix = deliveryPrefix();

  private final AtomicLong deliveries = new AtomicLong();
  private volatile boolean closed;

  public UpstreamRelay(Duration timeout) {
    this(timeout, MIN_IDLE_TIMEOUT);
  }

  /**
   * As above, with the least idle timeout given (tests: seconds, not minutes). A connection is
   * given up on after that long without bytes, and never sooner than the upstream timeout: a JSON
   * answer has no bytes until it is done, and a quiet SSE stream gets the runner's keep-alive
   * comment every 15 s, so silence for this long means the runner is gone.
   */
  UpstreamRelay(Duration timeout, Duration minIdleTimeout) {
    this.timeout = timeout;
    this.idleTimeout = timeout.compareTo(minIdleTimeout) > 0 ? timeout : minIdleTimeout;
  }

  /**
   * Sends {@code method} with {@code body} (null for GET/DELETE); {@code headers} holds the
   * client's values of {@link #FORWARDED}. Waits for the response head up to the upstream timeout;
   * the caller must close the response.
   */
  public UpstreamResponse send(
      Sandbox sandbox, String method, byte[] body, Map<String, String> headers) {
    sweep();
    URI endpoint = sandbox.endpoint();
    if (!"http".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
      throw new UpstreamException("the session's endpoint is not an http:// URL", false);
    }
    int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
    String destination = endpoint.getHost() + ":" + port;
    String upstreamSession = upstreamSessions.get(sandbox);
    if (upstreamSession != null) {
      headers = new LinkedHashMap<>(headers);
      headers.put(UpstreamConnection.SESSION_HEADER, upstreamSession);
    }
    String delivery =
        "POST".equals(method)
            ? deliveryPrefix + Long.toString(deliveries.incrementAndGet(), 36)
            : null;
    byte[] head = head(method, endpoint, destination, sandbox.token(), delivery, headers, body);
    long deadline = System.nanoTime() + timeout.toNanos();
    UpstreamConnection connection = pooled(destination);
    while (true) {
      boolean reused = connection != null;
      if (connection == null) {
        try {
          connection =
              UpstreamConnection.open(endpoint.getHost(), port, destination, CONNECT_TIMEOUT);
        } catch (IOException e) {
          upstreamSessions.remove(sandbox); // its pod is gone, and its session with it
          throw new UpstreamException("the MCP server is unreachable", false);
        }
      }
      try {
        connection.send(head, body);
      } catch (IOException e) {
        close(connection);
        if (reused && !Thread.currentThread().isInterrupted()) {
          // The runner hung up on the pooled connection as the request went out: a write that
          // fails leaves the request incomplete, so the runner cannot have acted on it.
          connection = pooled(destination);
          continue;
        }
        throw failed();
      }
      // Written: from here the runner may have run it, and a tool call is not always safe to run
      // twice, so whatever goes wrong now is the client's error to see, never a resend.
      try {
        connection.readHead(deadline);
        remember(sandbox, method, upstreamSession, connection);
        return new UpstreamResponse(
            connection.status(),
            connection.contentType(),
            connection.contentLength(),
            connection.body(idleTimeout, this::giveBack));
      } catch (SocketTimeoutException e) {
        close(connection);
        throw new UpstreamException(
            "the MCP server did not answer within " + timeout.toSeconds() + "s", true);
      } catch (IOException e) {
        close(connection);
        throw failed();
      }
    }
  }

  /**
   * Keeps the session id an upstream issued; forgets it when the session ended (DELETE) or the
   * upstream no longer knows it (404: the client must start again, as with any MCP server).
   */
  private void remember(
      Sandbox sandbox, String method, String sent, UpstreamConnection connection) {
    if ("DELETE".equals(method) || (sent != null && connection.status() == 404)) {
      upstreamSessions.remove(sandbox);
    } else if (connection.sessionId() != null) {
      upstreamSessions.put(sandbox, connection.sessionId());
    }
  }

  private static UpstreamException failed() {
    if (Thread.currentThread().isInterrupted()) {
      return new UpstreamException("interrupted while relaying", false);
    }
    return new UpstreamException("the MCP server is unreachable", false);
  }

  private static byte[] head(
      String method,
      URI endpoint,
      String destination,
      String token,
      String delivery,
      Map<String, String> headers,
      byte[] body) {
    String path =
        endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
            ? "/"
            : endpoint.getRawPath();
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(path);
    if (endpoint.getRawQuery() != null) {
      head.append('?').append(endpoint.getRawQuery());
    }
    head.append(" HTTP/1.1\r\n");
    field(head, "Host", destination);
    field(head, "Authorization", "Bearer " + token);
    if (delivery != null) {
      field(head, RunnerContract.DELIVERY_HEADER, delivery);
    }
    headers.forEach(
        (name, value) -> {
          if (value != null) {
            field(head, name, value);
          }
        });
    if (body != null) {
      field(head, "Content-Length", String.valueOf(body.length));
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String deliveryPrefix() {
    byte[] random = new byte[9];
    new java.security.SecureRandom().nextBytes(random);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "-";
  }

  /** One header line; a value that could break the framing is refused, never sent. */
  private static void field(StringBuilder head, String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        throw new UpstreamException("a " + name + " value that cannot be sent on", false);
      }
    }
    head.append(name).append(": ").append(value).append("\r\n");
  }

  /**
   * A pooled connection to {@code destination} that has not waited too long and that the runner has
   * not hung up on (its idle close, a restart), or null. Checked here, before anything is written,
   * since a request that went out is never sent again.
   */
  private UpstreamConnection pooled(String destination) {
    Deque<UpstreamConnection> idle = pool.get(destination);
    if (idle == null) {
      return null;
    }
    long now = System.nanoTime();
    UpstreamConnection connection;
    while ((connection = idle.pollFirst()) != null) {
      if (now - connection.idleSince < POOL_IDLE.toNanos() && connection.stillOpen()) {
        return connection;
      }
      connection.close();
    }
    return null;
  }

  private void giveBack(UpstreamConnection connection) {
    connection.recycle();
    connection.idleSince = System.nanoTime();
    pool.compute(
        connection.destination,
        (destination, idle) -> {
          Deque<UpstreamConnection> deque = idle == null ? new ConcurrentLinkedDeque<>() : idle;
          deque.offerFirst(connection); // the warmest connection is used next
          return deque;
        });
    if (closed) {
      close(); // a response finished while the relay was closing
    }
  }

  /**
   * At most every few seconds, on the way in: closes connections that waited too long and forgets
   * runners that have none left (ended sessions), without a thread of its own.
   */
  private void sweep() {
    long now = System.nanoTime();
    long due = nextSweep.get();
    if (now - due < 0 || !nextSweep.compareAndSet(due, now + POOL_IDLE.toNanos() / 3)) {
      return;
    }
    for (String destination : pool.keySet()) {
      pool.computeIfPresent(
          destination,
          (key, idle) -> {
            idle.removeIf(
                connection -> {
                  boolean stale = now - connection.idleSince >= POOL_IDLE.toNanos();
                  if (stale) {
                    connection.close();
                  }
                  return stale;
                });
            return idle.isEmpty() ? null : idle;
          });
    }
  }

  /** Connections kept alive for later requests, over all runners (tests). */
  int pooledConnections() {
    return pool.values().stream().mapToInt(Deque::size).sum();
  }

  private static void close(UpstreamConnection connection) {
    if (connection != null) {
      connection.close();
    }
  }

  /** Closes the pooled connections; responses still being read end with their own close. */
  @Override
  public void close() {
    closed = true;
    for (String destination : pool.keySet()) {
      Deque<UpstreamConnection> idle = pool.remove(destination);
      if (idle != null) {
        idle.forEach(UpstreamConnection::close);
      }
    }
  }
}
