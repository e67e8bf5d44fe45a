package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.call;
import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.gateway.testing.TestingMcpServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gateways keep nothing that matters in memory: restarts and replicas serve the same sessions. */
class RestartAndReplicasTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String V = "2025-11-25";
  static TestingCluster cluster;

  @BeforeAll
  static void start() {
    cluster = new TestingCluster();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static String initializeOn(McpHttp http) {
    HttpResponse<String> r = http.post("echo", TestingKeys.ALICE, initialize(V));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  static HttpResponse<String> echoOn(McpHttp http, String session, String text) {
    return http.post(
        "echo",
        TestingKeys.ALICE,
        call(2, "echo", "{\"text\":\"" + text + "\"}"),
        "Mcp-Session-Id",
        session,
        "MCP-Protocol-Version",
        V);
  }

  @Test
  void aNewGatewayProcessContinuesTheSession() {
    String session;
    try (GatewayApp first = TestingGateway.start(cluster)) {
      session = initializeOn(new McpHttp(first.port()));
    }
    try (GatewayApp second = TestingGateway.start(cluster)) {
      HttpResponse<String> r = echoOn(new McpHttp(second.port()), session, "after-restart");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("echo:" + session + ":after-restart");
    }
  }

  @Test
  void twoGatewaysServeTheSameSessionsInterchangeably() {
    try (GatewayApp a = TestingGateway.start(cluster);
        GatewayApp b = TestingGateway.start(cluster)) {
      McpHttp viaA = new McpHttp(a.port());
      McpHttp viaB = new McpHttp(b.port());
      String fromA = initializeOn(viaA);
      String fromB = initializeOn(viaB);
      assertThat(echoOn(viaB, fromA, "x").body()).contains("echo:" + fromA + ":x");
      assertThat(echoOn(viaA, fromB, "y").body()).contains("echo:" + fromB + ":y");
      // Ended through one, gone through the other once its informer has seen the deletion.
      viaA.send(
          viaA.request(
                  "/mcp/echo",
                  "Authorization",
                  "Bearer " + TestingKeys.ALICE,
                  "Mcp-Session-Id",
                  fromB)
              .DELETE()
              .build());
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> echoOn(viaB, fromB, "z").statusCode() == 404);
    }
  }

  @Test
  void shutdownDrainsRequestsInFlightAndRefusesNewOnes() throws Exception {
    GatewayApp gateway = TestingGateway.start(cluster);
    McpHttp http = new McpHttp(gateway.port());
    String session = initializeOn(http);
    TestingMcpServer pod = cluster.operator().pod(session);
    CompletableFuture<HttpResponse<String>> slow =
        CompletableFuture.supplyAsync(
            () ->
                http.post(
                    "echo",
                    TestingKeys.ALICE,
                    call(3, "slow", "{}"),
                    "Mcp-Session-Id",
                    session,
                    "MCP-Protocol-Version",
                    V));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> pod.sessionHeadersSeen.size() >= 2);
    CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.send(http.request("/readyz").GET().build()).statusCode() == 503);
    assertThat(echoOn(http, session, "late").statusCode()).isEqualTo(503);
    pod.slowRelease.countDown();
    HttpResponse<String> finished = slow.get();
    assertThat(finished.statusCode()).isEqualTo(200);
    closing.get();
  }

  @Test
  void spawnAndUpstreamTimeoutsAreJsonRpcErrorsAndTheStuckSessionIsCleanedUp() throws Exception {
    // Two gateways, each short on one timeout only: a session that should start is never raced
    // against the 300 ms spawn timeout on a loaded machine.
    GatewayConfig shortSpawn =
        TestingGateway.config().toBuilder().spawnTimeout(Duration.ofMillis(300)).build();
    try (GatewayApp gateway =
        new GatewayApp(cluster.gatewayClient(), shortSpawn, TestingKeys.authenticator()).start()) {
      McpHttp http = new McpHttp(gateway.port());
      int before = cluster.sessions().size();
      HttpResponse<String> stuck = http.post("stuck", TestingKeys.ALICE, initialize(V));
      assertThat(stuck.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(stuck.body()).path("error").path("message").asText())
          .contains("did not become ready");
      assertThat(cluster.sessions()).hasSize(before);
    }
    GatewayConfig shortUpstream =
        TestingGateway.config().toBuilder().upstreamTimeout(Duration.ofMillis(300)).build();
    try (GatewayApp gateway =
        new GatewayApp(cluster.gatewayClient(), shortUpstream, TestingKeys.authenticator())
            .start()) {
      McpHttp http = new McpHttp(gateway.port());
      String session = initializeOn(http);
      HttpResponse<String> slow =
          http.post(
              "echo",
              TestingKeys.ALICE,
              call(4, "slow", "{}"),
              "Mcp-Session-Id",
              session,
              "MCP-Protocol-Version",
              V);
      cluster.operator().pod(session).slowRelease.countDown();
      assertThat(JSON.readTree(slow.body()).path("error").path("message").asText())
          .contains("did not answer");
      assertThat(JSON.readTree(slow.body()).path("id").asInt()).isEqualTo(4);
    }
  }
}
