package dev.mcpspawner.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.testing.TestingAdminCluster;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.oauth.testing.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium: an admin signs in with the keyboard, finds a user whose id
 * and client name are markup, sees their sessions, disables them, and reads the debug view; the
 * names render as text and nothing runs. Screenshots go to {@code target/screenshots}; with {@code
 * -Dscreenshots.update=true} they replace {@code docs/screenshots/admin-*.png}.
 */
class DashboardBrowserTest {
  static final String HOSTILE_USER = "<script>alert(1)</script>";
  static final String HOSTILE_CLIENT = "\"><img src=x onerror=alert(1)>";

  @Test
  void anAdminSeesAUsersSessionsDisablesThemAndHostileNamesStayText() throws Exception {
    HeadlessChromium.assumeAvailable();
    Path shots = HeadlessChromium.screenshots();
    try (TestingAdminCluster cluster = new TestingAdminCluster();
        HeadlessChromium browser = new HeadlessChromium()) {
      String hostile = cluster.putUser(HOSTILE_USER, spec -> spec.setDisplayName("Mallory"));
      cluster.putUser(TestingKeys.ALICE_ID, spec -> spec.setDisplayName("Alice Example"));
      String failed = cluster.addSession(HOSTILE_USER, "broken", HOSTILE_CLIENT);
      String starting = cluster.addSession(HOSTILE_USER, "stuck", "Claude Desktop");
      cluster.addSession(TestingKeys.ALICE_ID, "echo", "claude-ai");
      cluster.addSession(TestingKeys.ALICE_ID, "stuck", "Cursor");
      cluster.awaitGatewayKnows(hostile);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  cluster.cluster().session(failed).getStatus() != null
                      && cluster.cluster().session(failed).getStatus().getReason() != null);

      // Tool calls and open sessions over the last hours, as the gateway replicas record them.
      usageOf(cluster, "echo", 60, 40, 2);
      usageOf(cluster, "stuck", 3, 0, 1);

      // Sign in with the keyboard alone: the token field has the focus, Enter submits.
      browser.open(cluster.url() + "/admin");
      browser.waitFor("#token");
      browser.typeIntoFocused(TestingKeys.ADMIN + "\uE007");
      browser.waitForText("Sessions by phase");
      assertThat(browser.text("main"))
          .contains("Active users")
          .contains("broken")
          .contains("Over time, per server");
      // six hours of 5-minute bars per chart, one row per server with something recorded
      assertThat(browser.count(".spark.calls")).isEqualTo(2);
      assertThat(browser.count(".spark.calls span")).isEqualTo(2 * 72);
      assertThat(
              browser.count(
                  "[role=img][aria-label^='echo tool calls: "
                      + expectedCalls(60, 40)
                      + " in all']"))
          .isEqualTo(1);
      assertThat(browser.count("[role=img][aria-label^='stuck open sessions: ']")).isEqualTo(1);
      browser.screenshot(shots.resolve("admin-overview.png"));

      // Live: a session started elsewhere shows up without reloading the page.
      String before = browser.text(".cards");
      cluster.addSession(TestingKeys.ALICE_ID, "echo", "live-client");
      await().atMost(Duration.ofSeconds(30)).until(() -> !browser.text(".cards").equals(before));
      assertThat(browser.text("#updated")).startsWith("Updated");

      browser.open(cluster.url() + "/admin/users");
      browser.waitFor("a[href='/admin/users/" + hostile + "']");
      assertThat(browser.text("main")).contains(HOSTILE_USER).contains("Alice Example");
      browser.screenshot(shots.resolve("admin-users.png"));

      // The user's tool calls and refusals, as the gateway replicas record them in its status.
      dev.mcpspawner.crds.UserUsageBucket counted =
          new dev.mcpspawner.crds.UserUsageBucket(
              dev.mcpspawner.gateway.ops.StatusBuckets.bucketOf(java.time.Instant.now())
                  .toString());
      counted.setToolCalls(17L);
      counted.setRateRefusals(9L);
      cluster.operatorReports(hostile, st -> st.setUsage(java.util.List.of(counted)));

      browser.click("a[href='/admin/users/" + hostile + "']");
      browser.waitFor("#quota-form");
      assertThat(browser.text("#user-usage"))
          .contains("Tool calls")
          .contains("17")
          .contains("Refused: rate limit")
          .contains("9");
      browser.waitFor("a[href='/admin/sessions/" + starting + "']");
      String page = browser.text("main");
      assertThat(page)
          .contains(HOSTILE_USER)
          .contains(HOSTILE_CLIENT)
          .contains("Claude Desktop")
          .contains("No server asks for credentials")
          .doesNotContain("[object");
      assertThat(browser.count("a[href^='/admin/sessions/mcp-']")).isEqualTo(2);
      assertThat(browser.count("main img")).isZero();
      assertThat(browser.count("main script")).isZero();
      assertThat(browser.alertOpen()).isFalse();

      browser.click("#disable-" + hostile);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> cluster.user(hostile).getSpec().isDisabled());
      browser.waitFor("#enable-" + hostile);
      // the page drawn again lists what was just done, and by whom
      browser.waitForText("disabled=true by root@example.com");
      assertThat(browser.text("main")).contains("Recent activity").contains("AdminUpdated");

      browser.open(cluster.url() + "/admin/sessions/" + failed);
      browser.waitFor("#stderr");
      String debug = browser.text("main");
      assertThat(debug)
          .contains(HOSTILE_CLIENT)
          .contains("ServerExited")
          .contains("Cannot find module 'left-pad'");
      assertThat(debug).doesNotContain("[object");
      assertThat(browser.count("main img")).isZero();
      assertThat(browser.alertOpen()).isFalse();
      browser.screenshot(shots.resolve("admin-session.png"));

      // A signed-in user who is not an admin gets nothing but the reason.
      browser.click("#sign-out");
      browser.waitFor("#token");
      browser.typeIntoFocused(TestingKeys.ALICE + "\uE007");
      browser.waitForText("not as an administrator");
      assertThat(browser.text("main")).doesNotContain(failed);
    }
  }

  @Test
  void anAdminReachesAUserDisablesThemAndEndsASessionWithTheKeyboardAloneAndSeesTheFocus()
      throws Exception {
    HeadlessChromium.assumeAvailable();
    try (TestingAdminCluster cluster = new TestingAdminCluster();
        HeadlessChromium browser = new HeadlessChromium()) {
      String subject = "kim@example.com";
      String kim = cluster.putUser(subject, spec -> spec.setDisplayName("Kim"));
      String ended = cluster.addSession(subject, "stuck", "Cursor");
      String kept = cluster.addSession(subject, "stuck", "Claude Desktop");
      cluster.awaitGatewayKnows(kim);

      browser.open(cluster.url() + "/admin");
      browser.waitFor("#token");
      browser.press(TestingKeys.ADMIN + ENTER);
      browser.waitForText("Sessions by phase");

      java.util.List<String> unseen = new java.util.ArrayList<>();
      tabTo(browser, "href", "/admin/users", unseen);
      browser.press(ENTER);
      browser.waitFor("a[href='/admin/users/" + kim + "']");
      tabTo(browser, "href", "/admin/users/" + kim, unseen);
      browser.press(ENTER);
      browser.waitFor("#quota-form");
      browser.waitFor("#end-" + ended);

      tabTo(browser, "id", "end-" + ended, unseen);
      browser.press(SPACE);
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.cluster().session(ended) == null);
      browser.waitFor("#status");
      await().atMost(Duration.ofSeconds(10)).until(() -> browser.count("#end-" + ended) == 0);
      // the page drawn again keeps the keyboard's place in it, not back at the top
      assertThat(browser.focusedProperty("id")).isIn("main", "end-" + ended);
      assertThat(cluster.cluster().session(kept)).as("only the session ended").isNotNull();

      tabTo(browser, "id", "disable-" + kim, unseen);
      browser.press(SPACE);
      await().atMost(Duration.ofSeconds(10)).until(() -> cluster.user(kim).getSpec().isDisabled());
      browser.waitFor("#enable-" + kim);
      assertThat(browser.focusedProperty("id")).isEqualTo("main");
      assertThat(unseen).as("focused controls without a visible focus indicator").isEmpty();
    }
  }

  static final String TAB = "\uE004";
  static final String ENTER = "\uE007";
  static final String SPACE = "\uE00D";

  /**
   * Presses Tab until the focused element's {@code attribute} is {@code value} (at most 100
   * presses), noting every focused link, button or field whose focus is not visible: no outline and
   * no box-shadow as computed.
   */
  static void tabTo(HeadlessChromium browser, String attribute, String value, List<String> unseen)
      throws Exception {
    for (int i = 0; i < 100; i++) {
      browser.press(TAB);
      String tag = browser.focusedProperty("tagName").toLowerCase(java.util.Locale.ROOT);
      String here =
          attribute.equals("id")
              ? browser.focusedProperty("id")
              : browser.focusedAttribute(attribute);
      if (List.of("a", "button", "input", "select", "textarea").contains(tag)
          && !focusVisible(browser)) {
        unseen.add(
            tag + "#" + browser.focusedProperty("id") + " " + browser.focusedAttribute("href"));
      }
      if (value.equals(here)) {
        return;
      }
    }
    throw new AssertionError("100 presses of Tab never reached " + attribute + "=" + value);
  }

  static boolean focusVisible(HeadlessChromium browser) throws Exception {
    String style = browser.focusedCss("outline-style");
    String width = browser.focusedCss("outline-width");
    String shadow = browser.focusedCss("box-shadow");
    boolean outline = !"none".equals(style) && !width.startsWith("0");
    return outline || (!shadow.isBlank() && !"none".equals(shadow));
  }

  /** Writes {@code intervals} 5-minute buckets ending now into the server's status.usage. */
  static void usageOf(
      TestingAdminCluster cluster, String server, int intervals, long calls, int peak) {
    java.time.Instant now =
        dev.mcpspawner.gateway.ops.ServerUsage.bucketOf(java.time.Instant.now());
    java.util.List<dev.mcpspawner.crds.UsageBucket> buckets = new java.util.ArrayList<>();
    for (int i = intervals - 1; i >= 0; i--) {
      buckets.add(
          new dev.mcpspawner.crds.UsageBucket(
              now.minus(Duration.ofMinutes(5L * i)).toString(),
              calls == 0 ? null : calls + (i * 7) % 23,
              null,
              peak + (i % 5 == 0 ? 1 : 0) + (i > intervals / 2 ? 1 : 0)));
    }
    var api =
        cluster
            .client()
            .resources(dev.mcpspawner.crds.McpServer.class)
            .inNamespace(dev.mcpspawner.gateway.testing.TestingCluster.NAMESPACE)
            .withName(server);
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              var s = api.get();
              s.getStatus().setUsage(buckets);
              cluster.client().resource(s).patchStatus();
              return true;
            });
  }

  /** What {@link #usageOf} writes in all for {@code intervals} buckets from {@code calls}. */
  static long expectedCalls(int intervals, long calls) {
    long sum = 0;
    for (int i = 0; i < intervals; i++) {
      sum += calls + (i * 7) % 23;
    }
    return sum;
  }

  @Test
  void dashboardPagesAreServedWithAStrictPolicyAndNoInlineScript() throws Exception {
    try (TestingAdminCluster cluster = new TestingAdminCluster()) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path :
          java.util.List.of(
              "/admin",
              "/admin/users",
              "/admin/users/bob",
              "/admin/sessions",
              "/admin/sessions/" + Names.newSessionName(),
              "/admin/servers")) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(cluster.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
            .startsWith("default-src 'self'")
            .doesNotContain("unsafe-inline")
            .contains("frame-ancestors 'none'");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        // the only script is the static file; no handlers in markup
        // three scripts, all static files of this origin (helpers, sign-in, the page's own)
        assertThat(r.body().split("<script", -1)).hasSize(4);
        assertThat(r.body().split("<script src=\"/", -1)).hasSize(4);
        assertThat(r.body())
            .contains("<script src=\"/admin/assets/admin.js\"")
            .doesNotContain(" on");
      }
      String script =
          http.send(
                  HttpRequest.newBuilder(URI.create(cluster.url() + DashboardRoutes.SCRIPT))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(script)
          .doesNotContain("innerHTML")
          .doesNotContain("outerHTML")
          .doesNotContain("eval(");
    }
  }
}
