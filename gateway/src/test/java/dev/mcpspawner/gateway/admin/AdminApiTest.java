package dev.mcpspawner.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.gateway.testing.AdminHttp;
import dev.mcpspawner.gateway.testing.TestingAdminCluster;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingKeys;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API against the mock Kubernetes API: every route, its rules, paging and filters. */
class AdminApiTest {
  static final String ADMIN = TestingKeys.ADMIN;
  static final String PLAIN = TestingKeys.ALICE;
  static final String HOSTILE_USER = "<script>alert(1)</script>";
  static final String HOSTILE_CLIENT = "\"><img src=x onerror=alert(1)>";

  static TestingAdminCluster cluster;
  static AdminHttp http;

  @BeforeAll
  static void start() {
    cluster = new TestingAdminCluster();
    http = new AdminHttp(cluster.url());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** One row of the route table: what to call, and what an admin gets. */
  record Row(String method, String template, String path, String body, int adminStatus) {}

  /** Every route of the admin API, with a concrete call each. */
  static List<Row> table(String user, String session) {
    return List.of(
        new Row("GET", "/admin/api/openapi.json", "/admin/api/openapi.json", null, 200),
        new Row("GET", "/admin/api/overview", "/admin/api/overview", null, 200),
        new Row("GET", "/admin/api/users", "/admin/api/users", null, 200),
        new Row(
            "POST",
            "/admin/api/users",
            "/admin/api/users",
            "{\"subject\":\"table-made@example.com\"}",
            201),
        new Row("GET", "/admin/api/users/{name}", "/admin/api/users/" + user, null, 200),
        new Row(
            "PATCH",
            "/admin/api/users/{name}",
            "/admin/api/users/" + user,
            "{\"displayName\":\"Table\"}",
            200),
        new Row(
            "POST",
            "/admin/api/users/{name}/revoke",
            "/admin/api/users/" + user + "/revoke",
            null,
            200),
        new Row("GET", "/admin/api/sessions", "/admin/api/sessions", null, 200),
        new Row("GET", "/admin/api/sessions/{id}", "/admin/api/sessions/" + session, null, 200),
        new Row("GET", "/admin/api/servers", "/admin/api/servers", null, 200),
        new Row("GET", "/admin/api/usage/users", "/admin/api/usage/users", null, 200),
        new Row("GET", "/admin/api/usage/servers", "/admin/api/usage/servers", null, 200),
        new Row("GET", "/admin/api/usage/timeline", "/admin/api/usage/timeline", null, 200),
        new Row("DELETE", "/admin/api/sessions/{id}", "/admin/api/sessions/" + session, null, 204),
        new Row(
            "GET",
            "/admin/api/users/{name}/credentials",
            "/admin/api/users/" + user + "/credentials",
            null,
            200),
        new Row(
            "GET",
            "/admin/api/users/{name}/events",
            "/admin/api/users/" + user + "/events",
            null,
            200),
        new Row(
            "DELETE",
            "/admin/api/users/{name}/credentials/{server}/{credential}",
            "/admin/api/users/" + user + "/credentials/stuck/NOT_DECLARED",
            null,
            404),
        new Row("DELETE", "/admin/api/users/{name}", "/admin/api/users/" + user, null, 200));
  }

  @Test
  void everyRouteIsInTheTableAndInTheOpenApiDocument() {
    Set<String> table = new TreeSet<>();
    table(null, null).forEach(r -> table.add(r.method() + " " + r.template()));
    Set<String> registered = new TreeSet<>();
    cluster.app().adminRoutes().forEach(r -> registered.add(r.method() + " " + r.path()));
    Set<String> documented = new TreeSet<>();
    JsonNode doc = http.get(ADMIN, "/admin/api/openapi.json");
    assertThat(doc.path("openapi").asText()).startsWith("3.1");
    for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      for (Iterator<String> ops = doc.path("paths").path(path).fieldNames(); ops.hasNext(); ) {
        String op = ops.next();
        if (!op.equals("parameters")) {
          documented.add(op.toUpperCase() + " " + path);
        }
      }
    }
    assertThat(registered).isNotEmpty().isEqualTo(table).isEqualTo(documented);
  }

  @Test
  void everyRouteIs401AnonymouslyAnd403ForAPlainUserAndWorksForAnAdmin() {
    String user = cluster.putUser("table-user@example.com", spec -> {});
    String session = cluster.addSession("table-user@example.com", "stuck", "table-client");
    cluster.awaitGatewayKnows(user);
    for (Row row : table(user, session)) {
      HttpResponse<String> anonymous = http.call(null, row.method(), row.path(), row.body());
      assertThat(anonymous.statusCode())
          .as("anonymous %s %s", row.method(), row.path())
          .isEqualTo(401);
      assertProblem(anonymous, 401);
      HttpResponse<String> plain = http.call(PLAIN, row.method(), row.path(), row.body());
      assertThat(plain.statusCode()).as("plain %s %s", row.method(), row.path()).isEqualTo(403);
      assertProblem(plain, 403);
      HttpResponse<String> admin = http.call(ADMIN, row.method(), row.path(), row.body());
      assertThat(admin.statusCode())
          .as("admin %s %s: %s", row.method(), row.path(), admin.body())
          .isEqualTo(row.adminStatus());
    }
  }

  @Test
  void anAdminSeesWhichCredentialsAUserSetNeverAValueAndRemovesOne() {
    cluster
        .cluster()
        .addServerWithCredentials(
            "vault",
            List.of(
                new dev.mcpspawner.crds.Credential("VAULT_TOKEN", "a vault token", true, null)));
    String value = "s3cret-vault-value-0123";
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.call(
                            PLAIN,
                            "PUT",
                            "/account/api/credentials/vault/VAULT_TOKEN",
                            "{\"value\":\"" + value + "\"}")
                        .statusCode()
                    == 204);
    String alice = Names.userSlug(TestingKeys.ALICE_ID);
    String path = "/admin/api/users/" + alice + "/credentials";
    HttpResponse<String> listed = http.call(ADMIN, "GET", path, null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain(value);
    JsonNode vault = http.get(ADMIN, path).path("servers").get(0);
    assertThat(vault.path("server").asText()).isEqualTo("vault");
    assertThat(vault.path("credentials").get(0).path("name").asText()).isEqualTo("VAULT_TOKEN");
    assertThat(vault.path("credentials").get(0).path("set").asBoolean()).isTrue();

    assertThat(http.call(ADMIN, "DELETE", path + "/vault/VAULT_TOKEN", null).statusCode())
        .isEqualTo(204);
    assertThat(
            http.get(ADMIN, path)
                .path("servers")
                .get(0)
                .path("credentials")
                .get(0)
                .path("set")
                .asBoolean())
        .isFalse();
    HttpResponse<String> again = http.call(ADMIN, "DELETE", path + "/vault/VAULT_TOKEN", null);
    assertThat(again.statusCode()).isEqualTo(404);
    assertProblem(again, 404);
    assertThat(http.call(PLAIN, "DELETE", path + "/vault/VAULT_TOKEN", null).statusCode())
        .isEqualTo(403);
  }

  static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = AdminHttp.parse(r.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
  }

  @Test
  void usersAreFilteredBySearchAndDisabledAndPagedWithoutRepeats() {
    for (int i = 0; i < 7; i++) {
      int n = i;
      cluster.putUser(
          "pager-" + i + "@example.com",
          spec -> {
            spec.setDisplayName("Pager Number " + n);
            spec.setDisabled(n % 3 == 0);
          });
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> http.get(ADMIN, "/admin/api/users?search=pager-").path("total").asInt() == 7);
    List<String> seen = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      JsonNode page =
          http.get(
              ADMIN,
              "/admin/api/users?search=PAGER-&limit=3" + (next == null ? "" : "&continue=" + next));
      assertThat(page.path("total").asInt()).isEqualTo(7);
      assertThat(page.path("items").size()).isLessThanOrEqualTo(3);
      page.path("items").forEach(u -> seen.add(u.path("subject").asText()));
      next = page.hasNonNull("continue") ? page.path("continue").asText() : null;
      pages++;
    } while (next != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7).doesNotHaveDuplicates().isSorted();

    JsonNode disabled = http.get(ADMIN, "/admin/api/users?search=pager-&disabled=true");
    assertThat(disabled.path("total").asInt()).isEqualTo(3);
    disabled.path("items").forEach(u -> assertThat(u.path("disabled").asBoolean()).isTrue());
    assertThat(http.get(ADMIN, "/admin/api/users?search=number%204").path("total").asInt())
        .isEqualTo(1);
    assertProblem(http.call(ADMIN, "GET", "/admin/api/users?limit=0", null), 400);
    assertProblem(http.call(ADMIN, "GET", "/admin/api/users?continue=***", null), 400);
  }

  @Test
  void anAdminCreatesEditsAndRevokesAUserAndKubectlSeesTheSameObject() {
    HttpResponse<String> made =
        http.call(
            ADMIN,
            "POST",
            "/admin/api/users",
            "{\"subject\":\"Nina@Example.com\",\"displayName\":\"Nina\",\"quota\":{\"sessions\":4}}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String name = Names.userSlug("Nina@Example.com");
    assertThat(made.headers().firstValue("Location")).hasValue("/admin/api/users/" + name);
    McpUser stored = cluster.user(name);
    assertThat(stored.getSpec().getSubject()).isEqualTo("Nina@Example.com");
    assertThat(stored.getSpec().getQuota().getSessions()).isEqualTo(4);
    assertThat(
            http.call(ADMIN, "POST", "/admin/api/users", "{\"subject\":\"Nina@Example.com\"}")
                .statusCode())
        .isEqualTo(409);

    HttpResponse<String> edited =
        http.call(
            ADMIN,
            "PATCH",
            "/admin/api/users/" + name,
            "{\"disabled\":true,\"groups\":[\"finance\"],\"servers\":[\"echo\"],"
                + "\"quota\":{\"cpu\":\"2\",\"memory\":\"4Gi\"},\"rateLimit\":{\"requestsPerMinute\":60,\"burst\":5}}");
    assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
    stored = cluster.user(name);
    assertThat(stored.getSpec().isDisabled()).isTrue();
    assertThat(stored.getSpec().getGroups()).containsExactly("finance");
    assertThat(stored.getSpec().getServers()).containsExactly("echo");
    // a merge patch: the quota's sessions stay, cpu and memory join them
    assertThat(stored.getSpec().getQuota().getSessions()).isEqualTo(4);
    assertThat(stored.getSpec().getQuota().getMemory()).isEqualTo(new Quantity("4Gi"));
    assertThat(stored.getSpec().getRateLimit().getBurst()).isEqualTo(5);
    JsonNode view = AdminHttp.parse(edited.body());
    assertThat(view.path("effectiveQuota").path("sessions").asInt()).isEqualTo(4);
    assertThat(view.path("quota").path("cpu").asText()).isEqualTo("2");

    Instant before = Instant.now().minusSeconds(1);
    assertThat(
            http.call(ADMIN, "PATCH", "/admin/api/users/" + name, "{\"tokensNotBefore\":\"now\"}")
                .statusCode())
        .isEqualTo(200);
    assertThat(Instant.parse(cluster.user(name).getSpec().getTokensNotBefore()))
        .isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    cluster.putUser("Nina@Example.com", spec -> spec.setTokensNotBefore("2020-01-01T00:00:00Z"));
    JsonNode revoked =
        AdminHttp.parse(
            http.call(ADMIN, "POST", "/admin/api/users/" + name + "/revoke", null).body());
    assertThat(Instant.parse(revoked.path("tokensNotBefore").asText()))
        .isAfter(Instant.parse("2021-01-01T00:00:00Z"));

    assertThat(
            http.call(ADMIN, "PATCH", "/admin/api/users/" + name, "{\"quota\":{\"sessions\":null}}")
                .statusCode())
        .isEqualTo(200);
    assertThat(cluster.user(name).getSpec().getQuota().getSessions()).isNull();

    assertProblem(
        http.call(ADMIN, "PATCH", "/admin/api/users/" + name, "{\"subject\":\"x\"}"), 400);
    assertProblem(http.call(ADMIN, "PATCH", "/admin/api/users/" + name, "{\"owner\":\"x\"}"), 400);
    assertProblem(
        http.call(ADMIN, "PATCH", "/admin/api/users/" + name, "{\"quota\":{\"sessions\":-1}}"),
        400);
    assertProblem(
        http.call(ADMIN, "PATCH", "/admin/api/users/" + name, "{\"quota\":{\"memory\":\"lots\"}}"),
        400);
    assertProblem(
        http.call(
            ADMIN, "PATCH", "/admin/api/users/" + name, "{\"tokensNotBefore\":\"yesterday\"}"),
        400);
    assertProblem(http.call(ADMIN, "PATCH", "/admin/api/users/" + name, "not json"), 400);
    assertProblem(
        http.call(ADMIN, "POST", "/admin/api/users", "{\"displayName\":\"no subject\"}"), 400);
    assertProblem(http.call(ADMIN, "GET", "/admin/api/users/nobody-here", null), 404);
    assertProblem(
        http.call(ADMIN, "PATCH", "/admin/api/users/nobody-here", "{\"disabled\":true}"), 404);

    // What was done to the user, as Events on the McpUser: names, never values.
    JsonNode events = http.get(ADMIN, "/admin/api/users/" + name + "/events").path("items");
    List<String> reasons = new ArrayList<>();
    events.forEach(e -> reasons.add(e.path("reason").asText()));
    assertThat(reasons).contains("AdminCreated", "AdminUpdated", "AdminRevoked");
    String messages = events.toString();
    assertThat(messages)
        .contains("disabled=true")
        .contains("groups")
        .contains("quota")
        .doesNotContain("finance")
        .doesNotContain("4Gi");
    events.forEach(e -> assertThat(e.path("message").asText()).endsWith("by root@example.com"));
    String uid = cluster.user(name).getMetadata().getUid();
    assertThat(
            cluster.client().v1().events().inNamespace(TestingCluster.NAMESPACE).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("McpUser");
              assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(uid);
              assertThat(e.getReason()).isEqualTo("AdminRevoked");
            });
    assertProblem(http.call(ADMIN, "GET", "/admin/api/users/nobody-here/events", null), 404);
  }

  @Test
  void deletingAUserEndsTheirSessionsAndKeepsTheirHomeVolume() {
    String subject = "leaving@example.com";
    String name = cluster.putUser(subject, spec -> {});
    String one = cluster.addSession(subject, "stuck", "claude-ai");
    String two = cluster.addSession(subject, "echo", "claude-code");
    String others = cluster.addSession("staying@example.com", "stuck", "claude-ai");
    cluster
        .client()
        .persistentVolumeClaims()
        .inNamespace(TestingCluster.NAMESPACE)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(Names.homeClaimName(name))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    cluster.awaitGatewayKnows(name);

    HttpResponse<String> deleted = http.call(ADMIN, "DELETE", "/admin/api/users/" + name, null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    JsonNode body = AdminHttp.parse(deleted.body());
    assertThat(body.path("sessionsEnded").toString())
        .contains(one)
        .contains(two)
        .doesNotContain(others);
    assertThat(body.path("homeVolumeKept").asText()).isEqualTo(Names.homeClaimName(name));
    assertThat(cluster.user(name)).isNull();
    assertThat(cluster.cluster().session(one)).isNull();
    assertThat(cluster.cluster().session(two)).isNull();
    assertThat(cluster.cluster().session(others)).isNotNull();
    assertThat(
            cluster
                .client()
                .persistentVolumeClaims()
                .inNamespace(TestingCluster.NAMESPACE)
                .withName(Names.homeClaimName(name))
                .get())
        .isNotNull();
    assertProblem(http.call(ADMIN, "DELETE", "/admin/api/users/" + name, null), 404);
  }

  @Test
  void aUserShowsWhatTheOperatorReportsAndUsageAddsTheirSessions() {
    String subject = "counted@example.com";
    String name =
        cluster.putUser(subject, spec -> spec.setQuota(new UserQuota(5, null, null, null)));
    cluster.addSession(subject, "stuck", "claude-ai");
    cluster.addSession(subject, "broken", "claude-ai");
    cluster.operatorReports(
        name,
        st -> {
          st.setActiveSessions(1);
          st.setSessionsSummary("1/5");
          st.setCpuRequested(new Quantity("500m"));
          st.setMemoryRequested(new Quantity("1Gi"));
          st.setLastSeen("2030-01-01T00:00:00Z");
          st.setConditions(
              List.of(
                  new ConditionBuilder()
                      .withType("Valid")
                      .withStatus("True")
                      .withReason("Valid")
                      .withMessage("ok")
                      .withLastTransitionTime("2030-01-01T00:00:00Z")
                      .build()));
        });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode user = http.get(ADMIN, "/admin/api/users/" + name);
              assertThat(user.path("status").path("sessionsSummary").asText()).isEqualTo("1/5");
              assertThat(user.path("status").path("cpuRequested").asText()).isEqualTo("500m");
              assertThat(user.path("status").path("conditions").get(0).path("type").asText())
                  .isEqualTo("Valid");
              assertThat(user.path("sessionsByPhase").path("Starting").asInt()).isEqualTo(1);
              assertThat(user.path("sessionsByPhase").path("Failed").asInt()).isEqualTo(1);
            });
    JsonNode usage = http.get(ADMIN, "/admin/api/usage/users?window=1h&limit=500");
    JsonNode mine = null;
    for (JsonNode u : usage.path("users").path("items")) {
      if (u.path("name").asText().equals(name)) {
        mine = u;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.path("counts").path("sessionsOpen").asInt()).isEqualTo(1);
    assertThat(mine.path("counts").path("sessionsStarted").asInt()).isEqualTo(2);
    assertThat(mine.path("counts").path("failures").asInt()).isEqualTo(1);
    assertThat(mine.path("memoryRequested").asText()).isEqualTo("1Gi");
    assertThat(mine.path("lastSeen").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(mine.path("quotaSessions").asInt()).isEqualTo(5);
    assertProblem(http.call(ADMIN, "GET", "/admin/api/usage/users?window=soon", null), 400);
  }

  @Test
  void aUsersToolCallsAndRefusalsComeFromItsStatusWithinTheWindow() {
    String subject = "busy@example.com";
    String name = cluster.putUser(subject, spec -> {});
    Instant now = dev.mcpspawner.gateway.ops.StatusBuckets.bucketOf(Instant.now());
    dev.mcpspawner.crds.UserUsageBucket recent =
        new dev.mcpspawner.crds.UserUsageBucket(now.toString());
    recent.setToolCalls(4L);
    recent.setToolErrors(1L);
    recent.setQuotaRefusals(2L);
    recent.setRevokedRefusals(1L);
    dev.mcpspawner.crds.UserUsageBucket earlier =
        new dev.mcpspawner.crds.UserUsageBucket(now.minus(Duration.ofHours(3)).toString());
    earlier.setToolCalls(10L);
    earlier.setRateRefusals(3L);
    earlier.setDisabledRefusals(5L);
    dev.mcpspawner.crds.UserUsageBucket dayOld =
        new dev.mcpspawner.crds.UserUsageBucket(now.minus(Duration.ofHours(30)).toString());
    dayOld.setToolCalls(100L);
    cluster.operatorReports(name, st -> st.setUsage(List.of(dayOld, earlier, recent)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode usage = http.get(ADMIN, "/admin/api/users/" + name).path("usage");
              assertThat(usage.path("toolCalls").asLong()).isEqualTo(14);
              assertThat(usage.path("toolErrors").asLong()).isEqualTo(1);
              assertThat(usage.path("refusals").path("quota").asLong()).isEqualTo(2);
              assertThat(usage.path("refusals").path("rate").asLong()).isEqualTo(3);
              assertThat(usage.path("refusals").path("disabled").asLong()).isEqualTo(5);
              assertThat(usage.path("refusals").path("revoked").asLong()).isEqualTo(1);
            });
    JsonNode mine = null;
    for (JsonNode u :
        http.get(ADMIN, "/admin/api/usage/users?window=1h&limit=500").path("users").path("items")) {
      if (u.path("name").asText().equals(name)) {
        mine = u;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.path("activity").path("toolCalls").asLong()).isEqualTo(4);
    assertThat(mine.path("activity").path("refusals").path("rate").asLong()).isZero();
    assertThat(mine.path("activity").path("refusals").path("quota").asLong()).isEqualTo(2);
  }

  @Test
  void sessionsAreFilteredByUserServerPhaseAndClientAndPagedNewestFirst() {
    String subject = "filtered@example.com";
    Set<String> made = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      made.add(cluster.addSession(subject, "stuck", "Claude Desktop"));
    }
    String failed = cluster.addSession(subject, "broken", "cursor");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get(ADMIN, "/admin/api/sessions?user=" + subject).path("total").asInt() == 6);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get(ADMIN, "/admin/api/sessions?user=" + subject + "&phase=failed")
                        .path("total")
                        .asInt()
                    == 1);
    assertThat(
            http.get(ADMIN, "/admin/api/sessions?user=" + Names.userSlug(subject))
                .path("total")
                .asInt())
        .isEqualTo(6);
    assertThat(
            http.get(ADMIN, "/admin/api/sessions?user=" + subject + "&server=broken")
                .path("items")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo(failed);
    assertThat(
            http.get(ADMIN, "/admin/api/sessions?user=" + subject + "&client=desktop")
                .path("total")
                .asInt())
        .isEqualTo(5);
    assertThat(
            http.get(ADMIN, "/admin/api/sessions?user=" + subject + "&client=vim")
                .path("total")
                .asInt())
        .isZero();

    Set<String> seen = new HashSet<>();
    List<String> created = new ArrayList<>();
    String next = null;
    do {
      JsonNode page =
          http.get(
              ADMIN,
              "/admin/api/sessions?client=desktop&user="
                  + subject
                  + "&limit=2"
                  + (next == null ? "" : "&continue=" + next));
      page.path("items")
          .forEach(
              s -> {
                assertThat(seen.add(s.path("id").asText())).isTrue();
                created.add(s.path("createdAt").asText());
              });
      next = page.hasNonNull("continue") ? page.path("continue").asText() : null;
    } while (next != null);
    assertThat(seen).isEqualTo(made);
    assertThat(created).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
  }

  @Test
  void theDebugViewShowsTheSessionsEventsPodAndStderrTail() {
    String id = cluster.addSession("debugged@example.com", "broken", "claude-ai");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "Failed"
                    .equals(http.get(ADMIN, "/admin/api/sessions/" + id).path("phase").asText()));
    var events = cluster.client().v1().events().inNamespace(TestingCluster.NAMESPACE);
    events
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(id + ".1")
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("McpSession")
                .withName(id)
                .endInvolvedObject()
                .withType("Warning")
                .withReason("ServerExited")
                .withMessage("the MCP server exited during start")
                .withCount(1)
                .withLastTimestamp("2030-01-01T00:00:00Z")
                .build())
        .create();
    events
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("someone-else.1")
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("McpSession")
                .withName(Names.newSessionName())
                .endInvolvedObject()
                .withReason("Unrelated")
                .build())
        .create();
    createPod(
        new PodBuilder()
            .withNewMetadata()
            .withName(id)
            .endMetadata()
            .withNewStatus()
            .withPhase("Failed")
            .addNewContainerStatus()
            .withName("server")
            .withReady(false)
            .withRestartCount(3)
            .withNewState()
            .withNewTerminated()
            .withExitCode(1)
            .withReason("Error")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build());

    JsonNode view = http.get(ADMIN, "/admin/api/sessions/" + id);
    assertThat(view.path("user").asText()).isEqualTo("debugged@example.com");
    assertThat(view.path("reason").asText()).isEqualTo("ServerExited");
    assertThat(view.path("exitCode").asInt()).isEqualTo(1);
    assertThat(view.path("stderrTail").asText()).contains("Cannot find module 'left-pad'");
    assertThat(view.path("events")).hasSize(1);
    assertThat(view.path("events").get(0).path("reason").asText()).isEqualTo("ServerExited");
    assertThat(view.path("pod").path("phase").asText()).isEqualTo("Failed");
    assertThat(view.path("pod").path("containers").get(0).path("restartCount").asInt())
        .isEqualTo(3);
    assertThat(view.has("endpoint")).isFalse();

    String ready = cluster.addSession("debugged@example.com", "stuck", "claude-ai");
    awaitSessionView(ready);
    assertThat(http.get(ADMIN, "/admin/api/sessions/" + ready).has("stderrTail")).isFalse();
    assertProblem(
        http.call(ADMIN, "GET", "/admin/api/sessions/" + Names.newSessionName(), null), 404);
    assertProblem(http.call(ADMIN, "GET", "/admin/api/sessions/not-a-session", null), 404);
  }

  @Test
  void theDebugViewShowsThePodsActualCpuAndMemoryOnlyWhereTheMetricsApiHasThem() {
    String id = cluster.addSession("measured@example.com", "stuck", "claude-ai");
    String podName = Names.podName(id);
    createPod(
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build());
    awaitSessionView(id);
    // no metrics API (the mock answers 404 there): the pod is shown, its usage is absent
    JsonNode without = http.get(ADMIN, "/admin/api/sessions/" + id);
    assertThat(without.path("pod").path("phase").asText()).isEqualTo("Running");
    assertThat(without.path("pod").has("usage")).isFalse();

    cluster
        .client()
        .resource(
            new io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder()
                .withNewMetadata()
                .withName(podName)
                .withNamespace(TestingCluster.NAMESPACE)
                .endMetadata()
                .withTimestamp("2030-01-01T00:00:00Z")
                .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(30)))
                .addNewContainer()
                .withName("server")
                .addToUsage("cpu", new Quantity("250m"))
                .addToUsage("memory", new Quantity("64Mi"))
                .endContainer()
                .addNewContainer()
                .withName("runner")
                .addToUsage("cpu", new Quantity("500000n"))
                .addToUsage("memory", new Quantity("512Ki"))
                .endContainer()
                .build())
        .create();
    JsonNode usage = http.get(ADMIN, "/admin/api/sessions/" + id).path("pod").path("usage");
    assertThat(usage.path("cpu").asText()).isEqualTo("251m");
    assertThat(usage.path("memory").asText()).isEqualTo("65Mi");
    assertThat(usage.path("timestamp").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(usage.path("window").asText()).isEqualTo("30s");
  }

  @Test
  void usageSumsTheCpuAndMemoryRequestedAndUsedByOpenSessionsPerUserAndServer() {
    String subject = "metered@example.com";
    String name = cluster.putUser(subject, spec -> {});
    cluster.cluster().addServerWithCredentials("metered", List.of());
    String first = cluster.addSession(subject, "metered", "claude-ai");
    String second = cluster.addSession(subject, "metered", "claude-ai");
    String failed = cluster.addSession(subject, "broken", "claude-ai");
    // What the operator reports of the server's open sessions (McpServerReconciler).
    cluster
        .client()
        .resources(McpServer.class)
        .inNamespace(TestingCluster.NAMESPACE)
        .withName("metered")
        .editStatus(
            s -> {
              s.setStatus(new dev.mcpspawner.crds.McpServerStatus());
              s.getStatus().setActiveSessions(2);
              s.getStatus().setCpuRequested(new Quantity("100m"));
              s.getStatus().setMemoryRequested(new Quantity("256Mi"));
              return s;
            });
    cluster.operatorReports(
        name,
        st -> {
          st.setCpuRequested(new Quantity("150m"));
          st.setMemoryRequested(new Quantity("384Mi"));
        });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode server =
                  byName(http.get(ADMIN, "/admin/api/usage/servers").path("servers"), "metered");
              assertThat(server.path("cpuRequested").asText()).isEqualTo("100m");
              assertThat(server.path("memoryRequested").asText()).isEqualTo("256Mi");
              assertThat(server.path("counts").path("sessionsOpen").asInt()).isEqualTo(2);
              assertThat(cluster.cluster().session(failed).getStatus().getPhase())
                  .hasToString("Failed");
            });
    // No sample of any of their pods: the actual figures are absent, not zero.
    assertThat(
            byName(http.get(ADMIN, "/admin/api/usage/servers").path("servers"), "metered")
                .has("actual"))
        .isFalse();
    assertThat(usageRow(name).path("cpuRequested").asText()).isEqualTo("150m");
    assertThat(usageRow(name).has("actual")).isFalse();
    assertThat(http.get(ADMIN, "/admin/api/users/" + name).has("actual")).isFalse();

    podMetrics(first, "100m", "30Mi", "1m", "2Mi");
    podMetrics(second, "20m", "10Mi", "0", "0");
    podMetrics(failed, "1", "1Gi", "0", "0"); // a Failed session's sample is not counted
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode actual =
                  byName(http.get(ADMIN, "/admin/api/usage/servers").path("servers"), "metered")
                      .path("actual");
              assertThat(actual.path("cpu").asText()).isEqualTo("121m");
              assertThat(actual.path("memory").asText()).isEqualTo("42Mi");
              assertThat(actual.path("pods").asInt()).isEqualTo(2);
            });
    JsonNode mine = usageRow(name).path("actual");
    assertThat(mine.path("cpu").asText()).isEqualTo("121m");
    assertThat(mine.path("memory").asText()).isEqualTo("42Mi");
    assertThat(mine.path("pods").asInt()).isEqualTo(2);
    JsonNode user = http.get(ADMIN, "/admin/api/users/" + name).path("actual");
    assertThat(user.path("cpu").asText()).isEqualTo("121m");
    assertThat(user.path("pods").asInt()).isEqualTo(2);
  }

  private static JsonNode usageRow(String name) {
    for (JsonNode u :
        http.get(ADMIN, "/admin/api/usage/users?limit=500").path("users").path("items")) {
      if (u.path("name").asText().equals(name)) {
        return u;
      }
    }
    throw new AssertionError("no usage row for " + name);
  }

  /** A metrics API sample of the session's pod: two containers' CPU and memory. */
  private static void podMetrics(
      String session,
      String serverCpu,
      String serverMemory,
      String runnerCpu,
      String runnerMemory) {
    var status = cluster.cluster().session(session).getStatus();
    String pod =
        status != null && status.getPodName() != null
            ? status.getPodName()
            : Names.podName(session);
    cluster
        .client()
        .resource(
            new io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(TestingCluster.NAMESPACE)
                .endMetadata()
                .withTimestamp(Instant.now().toString())
                .withWindow(new io.fabric8.kubernetes.api.model.Duration(Duration.ofSeconds(30)))
                .withContainers(
                    PodMetricsSourceTest.usage("server", serverCpu, serverMemory),
                    PodMetricsSourceTest.usage("runner", runnerCpu, runnerMemory))
                .build())
        .create();
  }

  @Test
  void requestsRefusedWithNoUserAreCountedOnTheirServerAndShownWithoutTheCredential()
      throws Exception {
    String bogus = "not-a-key-" + java.util.UUID.randomUUID();
    JsonNode before = http.get(ADMIN, "/admin/api/overview").path("unknownCallerRefusalsLastHour");
    try (var client = java.net.http.HttpClient.newHttpClient()) {
      for (String authorization : List.of("Bearer " + bogus, "")) {
        var request =
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.url() + "/mcp/echo"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        if (!authorization.isEmpty()) {
          request.header("Authorization", authorization);
        }
        assertThat(
                client
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(401);
      }
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              cluster.app().flushUsage();
              JsonNode after =
                  http.get(ADMIN, "/admin/api/overview").path("unknownCallerRefusalsLastHour");
              assertThat(after.path("auth").asLong())
                  .isGreaterThanOrEqualTo(before.path("auth").asLong() + 2);
            });
    JsonNode echo = byName(http.get(ADMIN, "/admin/api/usage/servers").path("servers"), "echo");
    assertThat(echo.path("unknownCallerRefusals").path("auth").asLong()).isGreaterThanOrEqualTo(2);
    McpServer stored =
        cluster
            .client()
            .resources(McpServer.class)
            .inNamespace(TestingCluster.NAMESPACE)
            .withName("echo")
            .get();
    assertThat(stored.getStatus().getUsage())
        .anySatisfy(b -> assertThat(b.getAuthRefusals()).isGreaterThanOrEqualTo(2));
    for (String body :
        List.of(
            http.call(ADMIN, "GET", "/admin/api/overview", null).body(),
            http.call(ADMIN, "GET", "/admin/api/usage/servers", null).body(),
            cluster.client().getKubernetesSerialization().asJson(stored))) {
      assertThat(body).doesNotContain(bogus);
    }
  }

  @Test
  void anAdminEndsAnySession() {
    String id = cluster.addSession("ended@example.com", "stuck", "claude-ai");
    awaitSessionView(id);
    assertThat(http.call(ADMIN, "DELETE", "/admin/api/sessions/" + id, null).statusCode())
        .isEqualTo(204);
    assertThat(cluster.cluster().session(id)).isNull();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.call(ADMIN, "DELETE", "/admin/api/sessions/" + id, null).statusCode() == 404);
  }

  @Test
  void theOperatorsHealthIsItsLeaderLeaseRenewedWithinItsDuration() {
    var leases =
        cluster
            .client()
            .resources(Lease.class)
            .inNamespace(TestingAdminCluster.LEASE_NAMESPACE)
            .withName(TestingAdminCluster.LEASE_NAME);
    leases.delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> leases.get() == null);
    JsonNode absent = http.get(ADMIN, "/admin/api/overview").path("operator");
    assertThat(absent.path("status").asText()).isEqualTo("unknown");
    assertThat(absent.path("reason").asText()).contains("no Lease");

    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    cluster
        .client()
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName(TestingAdminCluster.LEASE_NAME)
                .withNamespace(TestingAdminCluster.LEASE_NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("mcp-spawner-operator-7d9f-abcde")
                .withLeaseDurationSeconds(15)
                .withAcquireTime(now.minusMinutes(10))
                .withRenewTime(now)
                .endSpec()
                .build())
        .create();
    JsonNode healthy = http.get(ADMIN, "/admin/api/overview").path("operator");
    assertThat(healthy.path("status").asText()).isEqualTo("healthy");
    assertThat(healthy.path("holder").asText()).isEqualTo("mcp-spawner-operator-7d9f-abcde");
    assertThat(healthy.path("leaseDurationSeconds").asInt()).isEqualTo(15);
    assertThat(Instant.parse(healthy.path("renewTime").asText())).isEqualTo(now.toInstant());
    assertThat(healthy.has("reason")).isFalse();

    // The holder stopped renewing a minute ago: no operator is reconciling.
    leases.edit(
        l -> {
          l.getSpec().setRenewTime(now.minusSeconds(60));
          return l;
        });
    JsonNode stale = http.get(ADMIN, "/admin/api/overview").path("operator");
    assertThat(stale.path("status").asText()).isEqualTo("stale");
    assertThat(stale.path("holder").asText()).isEqualTo("mcp-spawner-operator-7d9f-abcde");
    assertThat(stale.path("reason").asText()).startsWith("not renewed for");
    leases.delete();
  }

  @Test
  void serversShowValidityTheirSessionsAndRecentFailuresWithReasons() {
    cluster
        .client()
        .resources(McpServer.class)
        .inNamespace(TestingCluster.NAMESPACE)
        .withName("other")
        .editStatus(
            s -> {
              s.setStatus(new dev.mcpspawner.crds.McpServerStatus());
              s.getStatus()
                  .setConditions(
                      List.of(
                          new ConditionBuilder()
                              .withType("Valid")
                              .withStatus("False")
                              .withReason("UnknownVariable")
                              .withMessage("{NOPE} is not a template variable")
                              .build()));
              return s;
            });
    String failed = cluster.addSession("failing@example.com", "broken", "claude-ai");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode servers = http.get(ADMIN, "/admin/api/servers");
              JsonNode other = byName(servers, "other");
              assertThat(other.path("valid").asText()).isEqualTo("False");
              assertThat(other.path("validReason").asText()).isEqualTo("UnknownVariable");
              JsonNode broken = byName(servers, "broken");
              assertThat(broken.path("valid").asText()).isEqualTo("Unknown");
              assertThat(broken.path("sessionsByPhase").path("Failed").asInt()).isPositive();
              assertThat(broken.path("recentFailures").toString())
                  .contains(failed)
                  .contains("ServerExited");
            });
    JsonNode overview = http.get(ADMIN, "/admin/api/overview");
    assertThat(overview.path("invalidServers").toString()).contains("other");
    assertThat(overview.path("failuresLastHour").asInt()).isPositive();
    assertThat(overview.path("sessionsByServer").path("broken").path("Failed").asInt())
        .isPositive();
    assertThat(overview.path("gatewayReady").asBoolean()).isTrue();
    JsonNode usage = http.get(ADMIN, "/admin/api/usage/servers?window=1h");
    assertThat(byName(usage.path("servers"), "broken").path("counts").path("failures").asInt())
        .isPositive();
  }

  @Test
  void theTimelineFillsEveryFiveMinutesFromTheServersStatusAndUsageAddsItsToolCalls() {
    Instant now = dev.mcpspawner.gateway.ops.ServerUsage.bucketOf(Instant.now());
    Instant before = now.minus(Duration.ofMinutes(10));
    McpServer echo =
        cluster
            .client()
            .resources(McpServer.class)
            .inNamespace(TestingCluster.NAMESPACE)
            .withName("other")
            .get();
    echo.getStatus()
        .setUsage(
            List.of(
                new dev.mcpspawner.crds.UsageBucket(
                    now.minus(Duration.ofHours(3)).toString(), 100L, 100L, 9),
                new dev.mcpspawner.crds.UsageBucket(before.toString(), 7L, 2L, 3),
                new dev.mcpspawner.crds.UsageBucket(now.toString(), 4L, null, 5)));
    cluster.client().resource(echo).patchStatus();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get(ADMIN, "/admin/api/usage/timeline?window=1h&server=other")
                        .path("servers")
                        .path(0)
                        .path("toolCalls")
                        .asLong()
                    == 11);
    JsonNode timeline = http.get(ADMIN, "/admin/api/usage/timeline?window=1h&server=other");
    assertThat(timeline.path("bucket").asText()).isEqualTo("PT5M");
    assertThat(timeline.path("servers")).hasSize(1);
    JsonNode other = timeline.path("servers").get(0);
    assertThat(other.path("name").asText()).isEqualTo("other");
    assertThat(other.path("toolErrors").asLong()).isEqualTo(2); // the 3 h old bucket is outside
    assertThat(other.path("sessionsPeak").asInt()).isEqualTo(5);
    JsonNode points = other.path("points");
    assertThat(points).hasSize(12); // an hour of 5-minute intervals, the current one last
    assertThat(points.get(11).path("start").asText()).isEqualTo(now.toString());
    assertThat(points.get(11).path("toolCalls").asLong()).isEqualTo(4);
    assertThat(points.get(9).path("start").asText()).isEqualTo(before.toString());
    assertThat(points.get(9).path("sessionsPeak").asInt()).isEqualTo(3);
    assertThat(points.get(10).path("toolCalls").asLong()).isZero();

    JsonNode servers = http.get(ADMIN, "/admin/api/usage/servers?window=24h").path("servers");
    JsonNode usage = null;
    for (JsonNode s : servers) {
      if (s.path("name").asText().equals("other")) {
        usage = s;
      }
    }
    assertThat(usage).isNotNull();
    assertThat(usage.path("toolCalls").asLong()).isEqualTo(111);
    assertThat(usage.path("toolErrors").asLong()).isEqualTo(102);
    assertProblem(http.call(ADMIN, "GET", "/admin/api/usage/timeline?window=2d", null), 400);
  }

  @Test
  void hostileUserAndClientNamesComeBackJsonEscapedAndIntact() {
    String name = cluster.putUser(HOSTILE_USER, spec -> spec.setDisplayName(HOSTILE_CLIENT));
    String id = cluster.addSession(HOSTILE_USER, "stuck", HOSTILE_CLIENT);
    cluster.awaitGatewayKnows(name);
    awaitSessionView(id);
    for (String path :
        List.of(
            "/admin/api/users?search=script",
            "/admin/api/users/" + name,
            "/admin/api/sessions?client=img",
            "/admin/api/sessions/" + id,
            "/admin/api/usage/users?limit=500")) {
      HttpResponse<String> r = http.call(ADMIN, "GET", path, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.body())
          .as(path)
          .doesNotContain("<script>")
          .doesNotContain("<img")
          .doesNotContain("\"><");
      assertThat(r.body().toLowerCase()).contains("\\u003cscript\\u003e");
    }
    JsonNode user = http.get(ADMIN, "/admin/api/users/" + name);
    assertThat(user.path("subject").asText()).isEqualTo(HOSTILE_USER);
    assertThat(user.path("displayName").asText()).isEqualTo(HOSTILE_CLIENT);
    assertThat(http.get(ADMIN, "/admin/api/sessions/" + id).path("client").asText())
        .isEqualTo(HOSTILE_CLIENT);
  }

  /** Waits, up to 10 s, until the debug view of session {@code id} is served. */
  private static void awaitSessionView(String id) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> http.call(ADMIN, "GET", "/admin/api/sessions/" + id, null).statusCode() == 200);
  }

  private static void createPod(Pod pod) {
    cluster.client().pods().inNamespace(TestingCluster.NAMESPACE).resource(pod).create();
  }

  static JsonNode byName(JsonNode list, String name) {
    for (JsonNode n : list) {
      if (n.path("name").asText().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no " + name + " in " + list);
  }
}
