package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.gateway.testing.TestingOperator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 2026-07-28 client that hangs up on a call through the gateway has cancelled it: the gateway
 * drops the runner's stream and the stdio server behind the runner gets {@code
 * notifications/cancelled} (issue 13, item 4).
 */
class StatelessCancellationTest {

  @RegisterExtension static final TestingGateway gateway = new TestingGateway();

  private static String cancelledTags(McpHttp http) {
    var response =
        http.post(
            TestingOperator.PROBE,
            TestingKeys.ALICE,
            McpHttp.statelessCall(2, "cancelled-tags", "{}"),
            "MCP-Protocol-Version",
            "2026-07-28",
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "cancelled-tags");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void hangingUpOnACallThroughTheGatewayCancelsItAtTheServer() throws Exception {
    McpHttp http = gateway.http();
    cancelledTags(http); // the sandbox is up before the call that is hung up on
    byte[] body =
        McpHttp.statelessCall(1, "wait-for-cancel", "{\"tag\":\"through-gateway\"}")
            .getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp/"
                  + TestingOperator.PROBE
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Accept: "
                  + McpHttp.ACCEPT_BOTH
                  + "\r\nAuthorization: Bearer "
                  + TestingKeys.ALICE
                  + "\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call"
                  + "\r\nMcp-Name: wait-for-cancel\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      // Hang up once the call is running: the answer's head is on its way.
      InputStream in = socket.getInputStream();
      assertThat(in.read()).isNotNegative();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(cancelledTags(http)).contains("through-gateway"));
  }
}
