package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A gateway told to stop, stops: even when the API server went away first. */
class GatewayShutdownTest {
  @Test
  void shutdownEndsWhenTheApiServerIsGone() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(GatewayApp.class);
    var lines =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    lines.start();
    logger.addAppender(lines);
    try (TestingCluster cluster = new TestingCluster()) {
      GatewayApp gateway = TestingGateway.start(cluster);
      // a session with activity not yet written: the shutdown wants to write it
      RestartAndReplicasTest.initializeOn(new McpHttp(gateway.port()));
      cluster.stopApi();
      CompletableFuture<Void> closed = CompletableFuture.runAsync(gateway::close);
      // A bound against hanging (fabric8 retries an unreachable API for minutes), not a timing
      // target: the final activity write gives up after 5 s.
      assertThat(closed).succeedsWithin(Duration.ofSeconds(60));
      assertThat(lines.list)
          .as("the exit went ahead without the last activity, and said so")
          .anySatisfy(
              e -> assertThat(e.getFormattedMessage()).contains("last activity not written"));
    } finally {
      logger.detachAppender(lines);
    }
  }

  /**
   * On the old transport the stream is the session. A stream open at shutdown ends its session
   * before the gateway has closed, so that the API client is not closed under the McpSession's
   * deletion (local mode logged that as an error on Ctrl-C).
   */
  @Test
  void aLegacyStreamOpenAtShutdownHasEndedItsSessionWhenTheGatewayHasClosed() throws Exception {
    try (TestingCluster cluster = new TestingCluster()) {
      GatewayApp gateway = TestingGateway.start(cluster);
      McpHttp http = new McpHttp(gateway.port());
      HttpResponse<InputStream> stream =
          http.stream(
              http.request(
                      "/echo/sse",
                      "Authorization",
                      "Bearer " + TestingKeys.ALICE,
                      "Accept",
                      "text/event-stream")
                  .GET()
                  .build());
      assertThat(stream.statusCode()).isEqualTo(200);
      BufferedReader events =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
      String endpoint = McpHttp.nextData(events);
      String session = endpoint.substring(endpoint.indexOf("sessionId=") + "sessionId=".length());
      assertThat(cluster.session(session)).isNotNull();

      gateway.close();

      assertThat(cluster.session(session))
          .as("the McpSession of the stream is gone once close() has returned")
          .isNull();
      events.close();
    }
  }
}
