package dev.mcpspawner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.gateway.testing.TestingOperator;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code transport: streamable-http} server that keeps sessions (the everything server's own HTTP
 * transport): the gateway keeps the upstream's session id for the sandbox, so every later message
 * reaches the session it initialized, and ends it when the client ends its session (issue 13, item
 * 10).
 */
class StatefulHttpUpstreamTest {

  @RegisterExtension static final TestingGateway gateway = new TestingGateway();

  @Test
  void laterMessagesReachTheUpstreamSessionAndEndingTheSessionEndsItUpstream() throws Exception {
    McpHttp http = gateway.http();
    String server = TestingOperator.EVERYTHING_HTTP;
    HttpResponse<String> init =
        http.post(server, TestingKeys.ALICE, McpHttp.initialize("2025-06-18"));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(session).startsWith("mcp-"); // the gateway's, never the upstream's own

    HttpResponse<String> initialized =
        http.post(
            server,
            TestingKeys.ALICE,
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
            "Mcp-Session-Id",
            session,
            "MCP-Protocol-Version",
            "2025-06-18");
    assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(202);
    HttpResponse<String> call =
        http.post(
            server,
            TestingKeys.ALICE,
            McpHttp.call(2, "echo", "{\"message\":\"second message\"}"),
            "Mcp-Session-Id",
            session,
            "MCP-Protocol-Version",
            "2025-06-18");
    assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
    assertThat(call.body()).contains("Echo: second message");

    HttpResponse<String> end =
        http.send(
            http.request(
                    "/mcp/" + server,
                    "Authorization",
                    "Bearer " + TestingKeys.ALICE,
                    "Mcp-Session-Id",
                    session,
                    "MCP-Protocol-Version",
                    "2025-06-18")
                .DELETE()
                .build());
    assertThat(end.statusCode()).isEqualTo(204);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(gateway.cluster().operator().httpServerLog(session))
                    .contains("Received session termination request"));
  }
}
