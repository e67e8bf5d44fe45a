package dev.mcpspawner.gateway.ops;

import static dev.mcpspawner.gateway.testing.McpHttp.call;
import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.gateway.GatewayConfig;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Tool calls through a real gateway, for the usage tests: what they count. */
final class EchoCalls {
  private EchoCalls() {}

  /** A gateway on a free loopback port whose usage is flushed by hand (the interval is an hour). */
  static GatewayConfig handFlushedConfig() {
    return TestingGateway.baseConfig(0).activityInterval(Duration.ofHours(1)).build();
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
