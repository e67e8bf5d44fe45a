package dev.mcpspawner.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcpspawner.gateway.session.Sandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hop to the runner tolerates silence up to the upstream timeout (a long tool call sends no
 * bytes until it is done), and no longer: a runner silent past it is gone.
 */
class UpstreamRelayTest {
  private HttpServer runner;
  private final CountDownLatch never = new CountDownLatch(1);
  private volatile Duration silence = Duration.ZERO;

  @BeforeEach
  void start() throws IOException {
    runner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    runner.createContext(
        "/mcp",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // a quiet runner: nothing on the wire for this long
            never.await(silence.toMillis(), TimeUnit.MILLISECONDS);
            out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    runner.start();
  }

  @AfterEach
  void stop() {
    never.countDown();
    runner.stop(0);
  }

  private UpstreamResponse post(UpstreamRelay relay) {
    Sandbox sandbox =
        new Sandbox(
            "mcp-test",
            URI.create("http://127.0.0.1:" + runner.getAddress().getPort() + "/mcp"),
            "token");
    return relay.send(
        sandbox, "POST", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Accept", "*/*"));
  }

  @Test
  void silenceShorterThanTheUpstreamTimeoutIsWaitedOut() throws Exception {
    // least idle 200 ms, upstream timeout 3 s: 1 s of silence is within the upstream timeout
    silence = Duration.ofSeconds(1);
    try (UpstreamRelay relay = new UpstreamRelay(Duration.ofSeconds(3), Duration.ofMillis(200));
        UpstreamResponse response = post(relay);
        InputStream body = response.body()) {
      assertThat(response.isEventStream()).isTrue();
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("data: first\n\ndata: second\n\n");
    }
  }

  @Test
  void aRunnerSilentPastTheIdleTimeoutIsGivenUpOn() throws Exception {
    silence = Duration.ofSeconds(30);
    try (UpstreamRelay relay = new UpstreamRelay(Duration.ofMillis(300), Duration.ofMillis(300));
        UpstreamResponse response = post(relay);
        InputStream body = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
    }
  }
}
