package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.call;
import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.gateway.testing.TestingMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MCP endpoint end to end: real clients → gateway → mock API + stand-in runner pods. */
class McpEndpointTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final TestingGateway gateway = new TestingGateway();

  static String echo(McpSyncClient client, String text) {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", text)));
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  static Set<String> sessionNames() {
    Set<String> names = new HashSet<>();
    gateway.cluster().sessions().forEach(s -> names.add(s.getMetadata().getName()));
    return names;
  }

  /** Initializes over raw HTTP and returns the session id. */
  /** POSTs {@code body} to {@code /mcp/echo} with Alice's key, plus extra header pairs. */
  static HttpResponse<String> postAsAlice(String body, String... headers) {
    return gateway.http().post("echo", TestingKeys.ALICE, body, headers);
  }

  static String rawSession(String key) {
    HttpResponse<String> r = gateway.http().post("echo", key, initialize("2025-06-18"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // The gateway's id, never the one the runner set ("runner-internal-id").
    assertThat(r.headers().allValues("Mcp-Session-Id"))
        .singleElement()
        .satisfies(id -> assertThat(Names.isSessionName(id)).isTrue());
    return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  @Test
  void sdkClientSessionIsAnMcpSessionBoundToTheUser() {
    Set<String> before = sessionNames();
    try (McpSyncClient client = gateway.sdkClient("echo", TestingKeys.ALICE)) {
      client.initialize();
      Set<String> created = new HashSet<>(sessionNames());
      created.removeAll(before);
      assertThat(created).hasSize(1);
      String name = created.iterator().next();
      assertThat(Names.isSessionName(name)).isTrue();
      assertThat(echo(client, "hi")).isEqualTo("echo:" + name + ":hi");

      McpSession session = gateway.cluster().session(name);
      assertThat(session.getSpec().getUser()).isEqualTo(TestingKeys.ALICE_ID);
      assertThat(session.getSpec().getServer()).isEqualTo("echo");
      assertThat(session.getSpec().getInstance()).isEqualTo(name);
      assertThat(session.getMetadata().getLabels())
          .containsEntry(McpSpawner.LABEL_USER, Names.userSlug(TestingKeys.ALICE_ID))
          .containsEntry(McpSpawner.LABEL_SERVER, "echo")
          .containsEntry(McpSpawner.LABEL_INSTANCE, name);
      // The gateway owns session ids: the pod never sees the gateway's, only the one it issued
      // itself, as a stateful streamable-http server needs back (issue 13.10).
      assertThat(gateway.cluster().operator().pod(name).sessionHeadersSeen)
          .doesNotContain(name)
          .containsOnly(null, "runner-internal-id");
      // Nor the client's credentials: only the session's own runner token reaches the pod.
      TestingMcpServer pod = gateway.cluster().operator().pod(name);
      assertThat(pod.credentialsSeen)
          .hasSize(pod.sessionHeadersSeen.size()) // one credential per request, no extras
          .isNotEmpty()
          .allSatisfy(
              seen ->
                  assertThat(seen)
                      .startsWith("Authorization: Bearer ")
                      .doesNotContain(TestingKeys.ALICE));
    }
  }

  @Test
  void twoSessionsOfOneUserAreTwoMcpSessions() {
    Set<String> before = sessionNames();
    try (McpSyncClient first = gateway.sdkClient("echo", TestingKeys.ALICE);
        McpSyncClient second = gateway.sdkClient("echo", TestingKeys.ALICE)) {
      first.initialize();
      second.initialize();
      String a = echo(first, "a");
      String b = echo(second, "b");
      Set<String> created = new HashSet<>(sessionNames());
      created.removeAll(before);
      assertThat(created).hasSize(2);
      assertThat(a.split(":")[1]).isNotEqualTo(b.split(":")[1]);
    }
  }

  @Test
  void anotherUsersSessionIdIsNotFound() throws Exception {
    String alices = rawSession(TestingKeys.ALICE);
    String protocol = "2025-06-18";

    HttpResponse<String> post =
        gateway
            .http()
            .postInSession(
                "echo", TestingKeys.BOB, alices, protocol, call(2, "echo", "{\"text\":\"steal\"}"));
    assertThat(post.statusCode()).isEqualTo(404);
    assertThat(post.body()).doesNotContain("echo:").doesNotContain(TestingKeys.ALICE_ID);

    HttpResponse<String> get =
        gateway
            .http()
            .get(
                "/mcp/echo",
                TestingKeys.BOB,
                "Accept",
                "text/event-stream",
                "Mcp-Session-Id",
                alices);
    assertThat(get.statusCode()).isEqualTo(404);

    HttpResponse<String> delete =
        gateway.http().delete("/mcp/echo", TestingKeys.BOB, "Mcp-Session-Id", alices);
    assertThat(delete.statusCode()).isEqualTo(404);

    HttpResponse<String> view = gateway.http().get("/sessions/" + alices, TestingKeys.BOB);
    assertThat(view.statusCode()).isEqualTo(404);
    HttpResponse<String> list = gateway.http().get("/sessions", TestingKeys.BOB);
    assertThat(list.body()).doesNotContain(alices);

    assertThat(gateway.cluster().session(alices)).isNotNull();
    HttpResponse<String> own =
        gateway
            .http()
            .postInSession(
                "echo",
                TestingKeys.ALICE,
                alices,
                protocol,
                call(3, "echo", "{\"text\":\"mine\"}"));
    assertThat(own.body()).contains("echo:" + alices + ":mine");
  }

  @Test
  void deleteEndsTheSessionAndItsIdStopsWorking() {
    String id = rawSession(TestingKeys.ALICE);
    HttpResponse<String> delete =
        gateway.http().delete("/mcp/echo", TestingKeys.ALICE, "Mcp-Session-Id", id);
    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(gateway.cluster().session(id)).isNull();
    HttpResponse<String> after =
        gateway
            .http()
            .postInSession("echo", TestingKeys.ALICE, id, "2025-06-18", call(2, "echo", "{}"));
    assertThat(after.statusCode()).isEqualTo(404);
  }

  @Test
  void statelessClientsGetOneSandboxPerClientIdentity() {
    String laptop1 = statelessEcho(TestingKeys.ALICE, "one");
    String laptop2 = statelessEcho(TestingKeys.ALICE, "two");
    String ci = statelessEcho(TestingKeys.ALICE_CI, "three");
    assertThat(laptop1).isEqualTo(laptop2);
    assertThat(ci).isNotEqualTo(laptop1);
    assertThat(laptop1)
        .isEqualTo(Names.statelessSessionName(TestingKeys.ALICE_ID, "echo", "alice-laptop"));
    McpSession sandbox = gateway.cluster().session(laptop1);
    assertThat(sandbox.getSpec().getInstance()).isEqualTo("alice-laptop");
    assertThat(sandbox.getSpec().getUser()).isEqualTo(TestingKeys.ALICE_ID);
  }

  @Test
  void aStatelessClientGetsInAgainAfterItsSandboxEndedAndWasCreatedAnew() {
    String first = statelessEcho("other", TestingKeys.BOB, "before");
    String firstUid = gateway.cluster().session(first).getMetadata().getUid();
    // As the idle culler does: the session goes, and the next request creates it again.
    gateway
        .cluster()
        .client()
        .resources(McpSession.class)
        .inNamespace(TestingCluster.NAMESPACE)
        .withName(first)
        .delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !gateway.http().get("/sessions", TestingKeys.BOB).body().contains(first));
    String again = statelessEcho("other", TestingKeys.BOB, "after");
    assertThat(again).isEqualTo(first);
    assertThat(gateway.cluster().session(again).getMetadata().getUid()).isNotEqualTo(firstUid);
  }

  @Test
  void aRunnerKeyReplacedUnderALiveSandboxIsReadAgainAndTheRequestGoesThrough() {
    String sandbox = statelessEcho("other", TestingKeys.ALICE_CI, "before");
    gateway.cluster().operator().rotateKey(sandbox);
    assertThat(statelessEcho("other", TestingKeys.ALICE_CI, "after")).isEqualTo(sandbox);
  }

  /** One stateless tools/call; returns the sandbox that answered. */
  static String statelessEcho(String key, String text) {
    return statelessEcho("echo", key, text);
  }

  static String statelessEcho(String server, String key, String text) {
    HttpResponse<String> r =
        gateway.http().postStatelessCall(server, key, 1, "echo", "{\"text\":\"" + text + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    String answer = r.body().replaceAll(".*\"echo:([^:]+):" + text + "\".*", "$1");
    assertThat(answer).startsWith("mcp-");
    return answer;
  }

  @Test
  void toolParameterHeadersReachTheRunnerAsTheyCame() {
    // basic/transports/streamable-http.mdx: an intermediary forwards Mcp-Param-{Name} headers.
    String sandbox = statelessEcho("other", TestingKeys.BOB, "params");
    var pod = gateway.cluster().operator().pod(sandbox);
    HttpResponse<String> r =
        gateway
            .http()
            .postStatelessCall(
                "other",
                TestingKeys.BOB,
                2,
                "echo",
                "{\"text\":\"x\",\"region\":\"us-west1\"}",
                "Mcp-Param-Region",
                "us-west1",
                "mcp-param-greeting",
                "=?base64?SGVsbG8=?=");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(pod.paramHeadersSeen)
        .containsExactlyInAnyOrder(
            "mcp-param-region: us-west1", "mcp-param-greeting: =?base64?SGVsbG8=?=");
  }

  @Test
  void statelessHeadersMustMatchTheBody() throws Exception {
    String body = call(1, "echo", "{}");
    List<String[]> wrong =
        List.of(
            new String[] {"Mcp-Method", "tools/list", "Mcp-Name", "echo"},
            new String[] {"Mcp-Method", "tools/call", "Mcp-Name", "other"},
            new String[] {"Mcp-Method", "tools/call"},
            new String[] {"Mcp-Name", "echo"});
    Set<String> before = sessionNames();
    for (String[] headers : wrong) {
      String[] all = new String[headers.length + 2];
      all[0] = "MCP-Protocol-Version";
      all[1] = "2026-07-28";
      System.arraycopy(headers, 0, all, 2, headers.length);
      HttpResponse<String> r = gateway.http().post("echo", TestingKeys.BOB, body, all);
      assertThat(r.statusCode()).as(String.join(" ", headers)).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).path("error");
      assertThat(error.path("code").asInt()).isEqualTo(-32020);
      assertThat(error.path("message").asText()).startsWith("HeaderMismatch");
    }
    assertThat(sessionNames()).isEqualTo(before);
  }

  @Test
  void unsupportedProtocolVersionIsBadRequestInBothFamilies() {
    String id = rawSession(TestingKeys.ALICE);
    HttpResponse<String> stateful =
        gateway
            .http()
            .postInSession("echo", TestingKeys.ALICE, id, "1999-01-01", call(2, "echo", "{}"));
    assertThat(stateful.statusCode()).isEqualTo(400);
    HttpResponse<String> missingSession =
        postAsAlice(call(2, "echo", "{}"), "MCP-Protocol-Version", "2025-11-25");
    assertThat(missingSession.statusCode()).isEqualTo(400);
    HttpResponse<String> statelessInit =
        postAsAlice(
            initialize("2026-07-28"),
            "MCP-Protocol-Version",
            "2026-07-28",
            "Mcp-Method",
            "initialize");
    // 2026-07-28 has no initialize: a method not found, 404.
    assertThat(statelessInit.statusCode()).isEqualTo(404);
  }

  @Test
  void sseEventsArriveOneByOne() throws Exception {
    String id = rawSession(TestingKeys.ALICE);
    TestingMcpServer pod = gateway.cluster().operator().pod(id);
    HttpResponse<InputStream> response =
        gateway.http().stream(
            gateway
                .http()
                .request(
                    "/mcp/echo",
                    "Authorization",
                    "Bearer " + TestingKeys.ALICE,
                    "Content-Type",
                    "application/json",
                    "Accept",
                    McpHttp.ACCEPT_BOTH,
                    "Mcp-Session-Id",
                    id,
                    "MCP-Protocol-Version",
                    "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofString(call(5, "countdown", "{\"n\":3}")))
                .build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    try (BufferedReader events =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (int i = 1; i <= 3; i++) {
        // The server does not write event i+1 until we have read event i.
        assertThat(McpHttp.nextData(events)).contains("\"progress\":" + i);
        pod.proceed.release();
      }
      assertThat(McpHttp.nextData(events)).contains("liftoff");
    }
  }

  @Test
  void getStreamPassesLastEventIdAndClientDisconnectCancelsUpstream() throws Exception {
    String id = rawSession(TestingKeys.ALICE);
    TestingMcpServer pod = gateway.cluster().operator().pod(id);
    HttpResponse<InputStream> response = openStream(id, "Last-Event-ID", "6");
    assertThat(response.statusCode()).isEqualTo(200);
    BufferedReader events =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    assertThat(McpHttp.nextData(events)).contains("resumed after 6");
    assertThat(pod.lastEventIdsSeen).containsExactly("6");
    events.close();
    assertThat(pod.streamClosed.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aClientLeavingAQuietStreamIsNoticedAndTheStreamReleased() throws Exception {
    String id = rawSession(TestingKeys.ALICE);
    gateway.cluster().operator().pod(id).quietStreams = true;
    HttpResponse<InputStream> response = openStream(id);
    BufferedReader events =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    assertThat(McpHttp.nextData(events)).contains("resumed after null");
    await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 1);
    events.close();
    await().atMost(Duration.ofSeconds(20)).until(() -> openStreams() == 0);
  }

  /** Opens alice's GET event stream of session {@code id}, with extra header pairs. */
  static HttpResponse<InputStream> openStream(String id, String... headers) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "Accept",
                "text/event-stream",
                "Mcp-Session-Id",
                id,
                "MCP-Protocol-Version",
                "2025-06-18"));
    all.addAll(List.of(headers));
    String[] pairs = McpHttp.withBearer(TestingKeys.ALICE, all.toArray(String[]::new));
    return gateway.http().stream(gateway.http().request("/mcp/echo", pairs).GET().build());
  }

  static double openStreams() {
    String metrics = gateway.http().get("/metrics", null).body();
    return metrics
        .lines()
        .filter(l -> l.startsWith("mcp_gateway_open_streams "))
        .mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void failedSessionGivesAJsonRpcErrorSayingWhyAndIsDeleted() throws Exception {
    Set<String> before = sessionNames();
    HttpResponse<String> r =
        gateway.http().post("broken", TestingKeys.ALICE, initialize("2025-11-25"));
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("message").asText())
        .contains("ServerExited")
        .contains("Cannot find module 'left-pad'");
    assertThat(JSON.readTree(r.body()).path("id").asInt()).isEqualTo(1);
    assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    await().atMost(Duration.ofSeconds(20)).until(() -> sessionNames().equals(before));
  }

  @Test
  void unknownServerIsNotFoundAndAForbiddenOneForbidden() {
    assertThat(
            gateway.http().post("nope", TestingKeys.ALICE, initialize("2025-06-18")).statusCode())
        .isEqualTo(404);
    assertThat(
            gateway
                .http()
                .post("echo", TestingKeys.CAROL_LIMITED, initialize("2025-06-18"))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void aServerLimitedToAGroupIsForbiddenToOthersBeforeAnythingIsCreated() {
    McpServer restricted =
        gateway.cluster().addRestrictedServer("ops-tools", List.of(), List.of("mcp-admins"));
    try {
      Set<String> before = sessionNames();
      HttpResponse<String> alice =
          gateway.http().post("ops-tools", TestingKeys.ALICE, initialize("2025-06-18"));
      assertThat(alice.statusCode()).isEqualTo(403);
      assertThat(sessionNames()).isEqualTo(before);
      HttpResponse<String> admin =
          gateway.http().post("ops-tools", TestingKeys.ADMIN, initialize("2025-06-18"));
      assertThat(admin.statusCode()).isEqualTo(200);
      assertThat(admin.headers().firstValue("Mcp-Session-Id")).isPresent();
    } finally {
      gateway.cluster().client().resource(restricted).delete();
    }
  }

  @Test
  void foreignOriginIsForbiddenAndAllowedOnePasses() {
    Set<String> before = sessionNames();
    HttpResponse<String> evil =
        postAsAlice(initialize("2025-06-18"), "Origin", "https://evil.example");
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(sessionNames()).isEqualTo(before);
    HttpResponse<String> ok = postAsAlice(initialize("2025-06-18"), "Origin", "https://claude.ai");
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void anonymousOrInvalidKeyIsUnauthorizedAndCreatesNothing() {
    Set<String> before = sessionNames();
    for (String key : new String[] {null, "not-a-key", ""}) {
      HttpResponse<String> r = gateway.http().post("echo", key, initialize("2025-06-18"));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer "));
    }
    HttpResponse<String> stateless =
        gateway
            .http()
            .post(
                "echo",
                "wrong",
                call(1, "echo", "{}"),
                "MCP-Protocol-Version",
                "2026-07-28",
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                "echo");
    assertThat(stateless.statusCode()).isEqualTo(401);
    HttpResponse<String> sessions = gateway.http().get("/sessions", null);
    assertThat(sessions.statusCode()).isEqualTo(401);
    assertThat(sessionNames()).isEqualTo(before);
  }

  @Test
  void sessionApiShowsOwnSessionsAndAdminsSeeAll() throws Exception {
    String alices = rawSession(TestingKeys.ALICE);
    String bobs = rawSession(TestingKeys.BOB);
    String mine = gateway.http().get("/sessions", TestingKeys.BOB).body();
    assertThat(mine).contains(bobs).doesNotContain(alices);
    String all = gateway.http().get("/sessions", TestingKeys.ADMIN).body();
    assertThat(all).contains(bobs).contains(alices);

    HttpResponse<String> end = gateway.http().delete("/sessions/" + bobs, TestingKeys.ADMIN);
    assertThat(end.statusCode()).isEqualTo(204);
    assertThat(gateway.cluster().session(bobs)).isNull();

    String counts = gateway.http().get("/health/sessions", null).body();
    assertThat(JSON.readTree(counts).path("Ready").asInt()).isPositive();
    assertThat(counts).doesNotContain("mcp-").doesNotContain("@");
  }

  @Test
  void activityIsWrittenToTheAnnotation() throws Exception {
    String id = rawSession(TestingKeys.ALICE);
    gateway.cluster().takeRequests(); // what came before
    gateway.app().flushActivity();
    assertThat(gateway.cluster().takeRequests())
        .as("one merge patch, no read of the session first")
        .filteredOn(r -> r.contains("/mcpsessions/" + id))
        .singleElement()
        .satisfies(r -> assertThat(r).startsWith("PATCH "));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                gateway.cluster().session(id).getMetadata().getAnnotations() != null
                    && gateway
                        .cluster()
                        .session(id)
                        .getMetadata()
                        .getAnnotations()
                        .containsKey(McpSpawner.ANNOTATION_LAST_ACTIVITY));
  }

  @Test
  void toolCallsAndSecurityEventsAreAuditedWithoutArguments() throws Exception {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(dev.mcpspawner.gateway.audit.AuditLog.LOGGER);
    var lines =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    lines.start();
    logger.addAppender(lines);
    ch.qos.logback.classic.Level level = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      String id = rawSession(TestingKeys.ALICE);
      gateway
          .http()
          .postInSession(
              "echo",
              TestingKeys.ALICE,
              id,
              "2025-06-18",
              call(9, "echo", "{\"text\":\"top-secret-argument\"}"));
      gateway.http().post("echo", "stolen-key", initialize("2025-06-18"));

      List<JsonNode> events = new java.util.ArrayList<>();
      for (var e : lines.list) {
        events.add(JSON.readTree(e.getFormattedMessage()));
      }
      assertThat(lines.list).noneMatch(e -> e.getFormattedMessage().contains("top-secret"));
      assertThat(events)
          .anySatisfy(
              e -> {
                assertThat(e.path("event").asText()).isEqualTo("tool_call");
                assertThat(e.path("user").asText()).isEqualTo(TestingKeys.ALICE_ID);
                assertThat(e.path("client").asText()).isEqualTo("alice-laptop");
                assertThat(e.path("session").asText()).isEqualTo(id);
                assertThat(e.path("server").asText()).isEqualTo("echo");
                assertThat(e.path("tool").asText()).isEqualTo("echo");
                assertThat(e.path("outcome").asText()).isEqualTo("200");
                assertThat(e.has("latencyMs")).isTrue();
              })
          .anySatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("session_started"))
          .anySatisfy(e -> assertThat(e.path("event").asText()).isEqualTo("auth_failed"));
    } finally {
      logger.setLevel(level);
      logger.detachAppender(lines);
    }
  }

  @Test
  void operationsEndpointsAnswer() {
    rawSession(TestingKeys.ALICE);
    assertThat(gateway.http().get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(gateway.http().get("/readyz", null).statusCode()).isEqualTo(200);
    String metrics = gateway.http().get("/metrics", null).body();
    assertThat(metrics)
        .contains("mcp_gateway_requests_seconds_bucket")
        .contains("method=\"initialize\"")
        .contains("mcp_gateway_active_sessions")
        .contains("mcp_gateway_spawn_wait_seconds_bucket");
  }
}
