package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.RateLimit;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.gateway.testing.AuditLines;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Users as McpUsers at the gateway: made on first authenticated request, refused when disabled,
 * held to their session quota and rate limit, shaped by their groups and server list.
 */
class UserLimitsTest {
  static final String QUINN = "quinn@example.com";
  static final String DORA = "dora@example.com";
  static final String RITA = "rita@example.com";
  static final String GUS = "gus@example.com";
  static final String SAM = "sam@example.com";
  static final String JIT = "jit@example.com";

  static TestingCluster cluster;
  static GatewayApp app;
  static McpHttp http;

  @BeforeAll
  static void start() {
    cluster = new TestingCluster();
    GatewayConfig config =
        TestingGateway.baseConfig(0).userDefaults(UserDefaults.NO_LIMITS).build();
    StaticApiKeyAuthenticator keys =
        new StaticApiKeyAuthenticator(
            List.of(
                TestingKeys.key("quinn", "quinn-key-0123456789", QUINN),
                TestingKeys.key("dora", "dora-key-0123456789", DORA),
                TestingKeys.key("rita", "rita-key-0123456789", RITA),
                TestingKeys.key("gus", "gus-key-0123456789", GUS),
                TestingKeys.key("sam", "sam-key-0123456789", SAM),
                TestingKeys.key("jit", "jit-key-0123456789", JIT)));
    app = new GatewayApp(cluster.gatewayClient(), config, keys).start();
    http = new McpHttp(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
    cluster.close();
  }

  @Test
  void theFirstAuthenticatedRequestMakesTheUsersMcpUserAndFailedOnesMakeNone() {
    AuditLines audit = new AuditLines();
    int before;
    try (audit) {
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r =
            http.post("echo", "forged-" + UUID.randomUUID(), initialize("2025-06-18"));
        assertThat(r.statusCode()).isEqualTo(401);
      }
      assertThat(users()).noneMatch(u -> JIT.equals(u.getSpec().getSubject()));
      assertThat(audit.of("user_created")).isEmpty();
      before = users().size();
      assertThat(initializeStatus("echo", "jit-key-0123456789")).isEqualTo(200);
      assertThat(initializeStatus("echo", "jit-key-0123456789")).isEqualTo(200);
    }
    // One creation line, naming the subject and the object; none for the forged keys.
    assertThat(audit.of("user_created"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("subject").asText()).isEqualTo(JIT);
              assertThat(e.path("name").asText()).isEqualTo(Names.userSlug(JIT));
            });
    assertThat(audit.of("auth_failed")).hasSize(20);
    McpUser made = user(JIT);
    assertThat(made).isNotNull();
    assertThat(made.getMetadata().getName()).isEqualTo(Names.userSlug(JIT));
    assertThat(made.getMetadata().getLabels())
        .containsEntry(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY);
    assertThat(users()).hasSize(before + 1);
  }

  @Test
  void sessionsBeyondTheQuotaAre429NamingTheLimitAndCreateNothing() {
    putUser(QUINN, spec -> spec.setQuota(new UserQuota(3, null, null, null)));
    await().atMost(Duration.ofSeconds(10)).until(() -> app.users().find(QUINN).isPresent());
    List<HttpResponse<String>> answers = new ArrayList<>();
    double refusedBefore = refusals("quota");
    AuditLines audit = new AuditLines();
    try (audit) {
      for (int i = 0; i < 10; i++) {
        answers.add(http.post("echo", "quinn-key-0123456789", initialize("2025-06-18")));
      }
    }
    assertThat(audit.of("quota_exceeded", QUINN))
        .hasSize(7)
        .allSatisfy(e -> assertThat(e.path("reason").asText()).contains("3 of 3 sessions open"));
    assertThat(refusals("quota") - refusedBefore).isEqualTo(7.0);
    assertThat(gauge("mcp_gateway_users_with_sessions")).isGreaterThanOrEqualTo(1.0);
    assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(3);
    List<HttpResponse<String>> refused =
        answers.stream().filter(r -> r.statusCode() != 200).toList();
    assertThat(refused).hasSize(7).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(429));
    assertThat(refused.get(0).body())
        .contains("3 of 3 sessions open: close one, or ask an administrator for more")
        .contains("\"jsonrpc\":\"2.0\"");
    assertThat(sessionsOf(QUINN)).hasSize(3);
  }

  @Test
  void aDisabledUserIsRefusedBeforeAnythingIsCreatedAndComesBackWhenEnabled() {
    assertThat(initializeStatus("echo", "dora-key-0123456789")).isEqualTo(200);
    putUser(DORA, spec -> spec.setDisabled(true));
    awaitInitializeStatus("echo", "dora-key-0123456789", 403);
    double refusedBefore = refusals("user_disabled");
    HttpResponse<String> refused;
    AuditLines audit = new AuditLines();
    try (audit) {
      refused = http.post("echo", "dora-key-0123456789", initialize("2025-06-18"));
    }
    assertThat(refused.body()).contains("disabled");
    assertThat(audit.of("user_disabled", DORA)).hasSize(1);
    assertThat(refusals("user_disabled") - refusedBefore).isEqualTo(1.0);
    assertThat(sessionsOf(DORA)).hasSize(1);
    putUser(DORA, spec -> spec.setDisabled(false));
    awaitInitializeStatus("echo", "dora-key-0123456789", 200);
  }

  @Test
  void overTheRateLimitIs429WithRetryAfterAndTheBucketRefills() {
    putUser(RITA, spec -> spec.setRateLimit(new RateLimit(60, 2)));
    await().atMost(Duration.ofSeconds(10)).until(() -> app.users().find(RITA).isPresent());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.post("other", "rita-key-0123456789", "{}").statusCode() == 429);
    double refusedBefore = refusals("rate_limit");
    HttpResponse<String> limited;
    AuditLines audit = new AuditLines();
    try (audit) {
      limited = http.post("other", "rita-key-0123456789", "{}");
    }
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(audit.of("rate_limited", RITA))
        .singleElement()
        .satisfies(e -> assertThat(e.path("retryAfter").asLong()).isBetween(1L, 60L));
    assertThat(refusals("rate_limit") - refusedBefore).isEqualTo(1.0);
    long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> http.post("other", "rita-key-0123456789", "{}").statusCode() != 429);
  }

  @Test
  void theUsersGroupsOpenARestrictedServerAndTheirServerListClosesOthers() {
    cluster.addRestrictedServer("finance", List.of(), List.of("finance-team"));
    assertThat(initializeStatus("finance", "gus-key-0123456789")).isEqualTo(403);
    putUser(GUS, spec -> spec.setGroups(List.of("finance-team")));
    awaitInitializeStatus("finance", "gus-key-0123456789", 200);

    assertThat(initializeStatus("other", "sam-key-0123456789")).isEqualTo(200);
    putUser(SAM, spec -> spec.setServers(List.of("echo")));
    awaitInitializeStatus("other", "sam-key-0123456789", 403);
    assertThat(initializeStatus("echo", "sam-key-0123456789")).isEqualTo(200);
  }

  @Test
  void usersWithOpenSessionsAreCountedAndNotNamedInTheMetrics() {
    String before = http.send(http.request("/metrics").GET().build()).body();
    assertThat(before).contains("mcp_gateway_users_with_sessions");
    for (String key : List.of("gus-key-0123456789", "sam-key-0123456789")) {
      assertThat(initializeStatus("echo", key)).isEqualTo(200);
    }
    long expected =
        cluster.sessions().stream()
            .filter(
                s ->
                    s.getMetadata().getDeletionTimestamp() == null
                        && (s.getStatus() == null
                            || s.getStatus().getPhase() == null
                            || (s.getStatus().getPhase() != SessionPhase.Failed
                                && s.getStatus().getPhase() != SessionPhase.Terminating)))
            .map(s -> s.getSpec().getUser())
            .distinct()
            .count();
    assertThat(expected).isGreaterThanOrEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gauge("mcp_gateway_users_with_sessions") == expected);
    assertThat(http.send(http.request("/metrics").GET().build()).body())
        .doesNotContain(GUS)
        .doesNotContain(SAM);
  }

  /** The refusal counter of one reason, 0 before the first refusal. */
  /** The status of an initialize by the holder of {@code key} on {@code server}. */
  static int initializeStatus(String server, String key) {
    return http.post(server, key, initialize("2025-06-18")).statusCode();
  }

  /**
   * Waits, up to 10 s, until an initialize on {@code server} with {@code key} gets {@code status}.
   */
  static void awaitInitializeStatus(String server, String key, int status) {
    await().atMost(Duration.ofSeconds(10)).until(() -> initializeStatus(server, key) == status);
  }

  static double refusals(String reason) {
    return metric("mcp_gateway_refusals_total{reason=\"" + reason + "\"}");
  }

  static double gauge(String name) {
    return metric(name + " ");
  }

  private static double metric(String prefix) {
    String body = http.send(http.request("/metrics").GET().build()).body();
    return body.lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0.0);
  }

  /** Creates or edits the user's McpUser as an administrator would with kubectl. */
  static void putUser(String subject, Consumer<McpUserSpec> edit) {
    McpUser existing = user(subject);
    if (existing == null) {
      McpUser user = new McpUser();
      user.getMetadata().setName(Names.userSlug(subject));
      user.getMetadata().setNamespace(TestingCluster.NAMESPACE);
      user.setSpec(new McpUserSpec(subject));
      edit.accept(user.getSpec());
      cluster.client().resource(user).create();
    } else {
      cluster.editUserNamed(existing.getMetadata().getName(), edit);
    }
  }

  static McpUser user(String subject) {
    return cluster.user(subject);
  }

  static List<McpUser> users() {
    return cluster.users();
  }

  static List<McpSession> sessionsOf(String subject) {
    return cluster.sessions().stream().filter(s -> subject.equals(s.getSpec().getUser())).toList();
  }
}
