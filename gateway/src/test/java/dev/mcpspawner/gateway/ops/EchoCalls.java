package dev.mcpspawner.gateway.ops;

import static dev.mcpspawner.gateway.testing.McpHttp.call;
import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.GatewayConfig;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Tool calls through a real gateway, for the usage tests: what they count. */
final class EchoCalls {
  private EchoCalls() {}

  /**
   * A gateway on {@code cluster}, on a free loopback port, whose usage is flushed by hand (the
   * interval is an hour); the caller closes it.
   */
  static GatewayApp handFlushedGateway(TestingCluster cluster) {
    GatewayConfig config =
        TestingGateway.baseConfig(0).activityInterval(Duration.ofHours(1)).build();
    return new GatewayApp(cluster.client(), config, TestingKeys.authenticator()).start();
  }

  /**
   * Flushes {@code app}'s usage until {@code counted} holds, for up to 10 s: a call is counted once
   * its answer is written, a moment after the client has it.
   */
  static void awaitCounted(GatewayApp app, Callable<Boolean> counted) {
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              app.flushUsage();
              return counted.call();
            });
  }

  /** Alice opens a 2025-06-18 session of {@code echo} and calls its echo tool {@code n} times. */
  static void asAlice(McpHttp http, int n) {
    HttpResponse<String> init = http.post("echo", TestingKeys.ALICE, initialize("2025-06-18"));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r =
          http.post(
              "echo",
              TestingKeys.ALICE,
              call(2 + i, "echo", "{\"text\":\"hi\"}"),
              "Mcp-Session-Id",
              session,
              "MCP-Protocol-Version",
              "2025-06-18");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
  }
}
