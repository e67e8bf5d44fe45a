package dev.mcpspawner.gateway.relay;

import dev.mcpspawner.gateway.session.Sandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sends one client request on to a session's runner and hands back the response as a stream. Only
 * MCP headers travel: never the client's credentials, cookies or {@code Mcp-Session-Id} (the
 * gateway owns session ids; the runner serves one session per pod).
 *
 * <p>The client is Jetty's, the same Jetty the gateway serves with: keep-alive connections per
 * runner, no content decoding (responses pass through byte for byte), no redirects. It replaced the
 * JDK HttpClient: with it the gateway spent about twice the CPU per relayed call, most of the
 * difference in hand-offs between that client's selector thread and the caller
 * (docs/benchmarks/gateway.md).
 */
public final class UpstreamRelay implements AutoCloseable {
  /** Request headers passed to the runner as they came. */
  public static final List<String> FORWARDED =
      List.of(
          "Content-Type",
          "Accept",
          "MCP-Protocol-Version",
          "Last-Event-ID",
          "Mcp-Method",
          "Mcp-Name",
          "traceparent",
          "tracestate");

  /** How long an upstream connection may carry no bytes at all, at the least. */
  static final Duration MIN_IDLE_TIMEOUT = Duration.ofMinutes(2);

  private final HttpClient http;
  private final Duration timeout;

  public UpstreamRelay(Duration timeout) {
    this(timeout, MIN_IDLE_TIMEOUT);
  }

  /** As above, with the least idle timeout given (tests: seconds, not minutes). */
  UpstreamRelay(Duration timeout, Duration minIdleTimeout) {
    this.timeout = timeout;
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("upstream");
    threads.setDaemon(true);
    this.http = new HttpClient();
    http.setExecutor(threads);
    http.setConnectTimeout(Duration.ofSeconds(10).toMillis());
    http.setFollowRedirects(false);
    // Jetty closes a connection after 30 s without bytes by default, which would cut a tool call
    // that takes longer (a JSON answer has no bytes until it is done) and a quiet SSE stream. The
    // runner sends a keep-alive comment every 15 s on a quiet stream, so silence for this long
    // means it is gone; and it is never shorter than the wait for the runner to start answering.
    http.setIdleTimeout(Math.max(timeout.toMillis(), minIdleTimeout.toMillis()));
    http.setUserAgentField(null);
    http.getContentDecoderFactories().clear(); // no Accept-Encoding, no decoding: pass-through
    // Never queue behind a limit: a session's open streams (GET, long SSE calls) each hold a
    // connection, and a request queued behind them would wait for as long as they stay open.
    http.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the upstream HTTP client", e);
    }
  }

  /**
   * Sends {@code method} with {@code body} (null for GET/DELETE); {@code headers} holds the
   * client's values of {@link #FORWARDED}. Waits for the response head up to the upstream timeout;
   * the caller must close the response.
   */
  public UpstreamResponse send(
      Sandbox sandbox, String method, byte[] body, Map<String, String> headers) {
    Request request =
        http.newRequest(sandbox.endpoint())
            .method(method)
            .headers(
                h -> {
                  h.put(HttpHeader.AUTHORIZATION, "Bearer " + sandbox.token());
                  headers.forEach(
                      (name, value) -> {
                        if (value != null) {
                          h.put(name, value);
                        }
                      });
                });
    if (body != null) {
      request.body(new BytesRequestContent(headers.get("Content-Type"), body));
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.send(listener);
    Response response;
    try {
      response = listener.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      request.abort(e);
      throw new UpstreamException(
          "the MCP server did not answer within " + timeout.toSeconds() + "s", true);
    } catch (ExecutionException e) {
      throw new UpstreamException("the MCP server is unreachable", false);
    } catch (InterruptedException e) {
      request.abort(e);
      Thread.currentThread().interrupt();
      throw new UpstreamException("interrupted while relaying", false);
    }
    return new UpstreamResponse(
        response.getStatus(),
        response.getHeaders().get(HttpHeader.CONTENT_TYPE),
        response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH),
        listener.getInputStream());
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
