package dev.mcpspawner.gateway.relay;

import dev.mcpspawner.gateway.session.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Sends one client request on to a session's runner with the JDK HttpClient and hands back the
 * response as a stream. Only MCP headers travel: never the client's credentials, cookies or {@code
 * Mcp-Session-Id} (the gateway owns session ids; the runner serves one session per pod).
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

  private final HttpClient http;
  private final Duration timeout;

  public UpstreamRelay(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  /**
   * Sends {@code method} with {@code body} (null for GET/DELETE); {@code headers} holds the
   * client's values of {@link #FORWARDED}. The caller must close the response body.
   */
  public HttpResponse<InputStream> send(
      Sandbox sandbox, String method, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(sandbox.endpoint())
            .timeout(timeout)
            .header("Authorization", "Bearer " + sandbox.token())
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) -> {
          if (value != null) {
            request.header(name, value);
          }
        });
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new UpstreamException(
          "the MCP server did not answer within " + timeout.toSeconds() + "s", true);
    } catch (IOException e) {
      throw new UpstreamException("the MCP server is unreachable", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException("interrupted while relaying", false);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
