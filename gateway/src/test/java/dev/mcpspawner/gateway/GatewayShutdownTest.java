package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
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
}
