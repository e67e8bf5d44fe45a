package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.McpPost;
import dev.mcpspawner.oauth.testing.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard against local mode in headless Chromium: local mode's first user signs in, sees
 * another user's two sessions, disables the user and the sessions end with reason UserDisabled,
 * enables them again, sets a quota of one session, and the user's second session is refused.
 */
class LocalDashboardTest {
  static final String ROOT = "root@example.com";
  static final String FRANK = "frank@example.com";
  static final String INIT = McpPost.initialize("2025-06-18", "t");
  @RegisterExtension static final E2e e2e = E2e.of(ROOT, FRANK).firstUserIsAdmin();

  @Test
  void anAdminDisablesAUserEndingTheirSessionsAndAQuotaEditRefusesTheNextSession()
      throws Exception {
    HeadlessChromium.assumeAvailable();
    e2e.connect(FRANK, "memory");
    e2e.connect(FRANK + "-2", "memory");
    List<String> names = live(FRANK).stream().map(s -> s.getMetadata().getName()).toList();
    assertThat(names).hasSize(2);
    String slug = Names.userSlug(FRANK);

    try (HeadlessChromium browser = new HeadlessChromium()) {
      browser.open(e2e.local().gatewayUrl() + "/admin/users/" + slug);
      browser.waitFor("#token");
      browser.typeIntoFocused(e2e.key(ROOT) + "\uE007");
      browser.waitFor("#quota-form");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> browser.count("a[href^='/admin/sessions/mcp-']") == 2);

      browser.click("#disable-" + slug);
      await().atMost(Duration.ofSeconds(30)).until(() -> live(FRANK).isEmpty());
      for (String name : names) {
        assertThat(e2e.eventReasons(name)).as(name).contains("UserDisabled");
      }

      browser.waitFor("#enable-" + slug);
      browser.click("#enable-" + slug);
      await().atMost(Duration.ofSeconds(10)).until(() -> !user(slug).getSpec().isDisabled());

      browser.waitFor("#quota-sessions");
      browser.type("#quota-sessions", "1");
      browser.click("#save-quota");
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions() // no quota object until the edit lands
          .until(() -> Integer.valueOf(1).equals(user(slug).getSpec().getQuota().getSessions()));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Integer.valueOf(1)
                    .equals(e2e.local().gateway().users().quotaOf(FRANK).getSessions()));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> e2e.connect(FRANK, "memory") != null);
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> second =
          http.send(
              McpPost.to(URI.create(e2e.local().mcpUrl("memory")), e2e.key(FRANK + "-2"), INIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
      assertThat(second.body()).contains("1 of 1");
    }
  }

  static List<McpSession> live(String user) {
    return e2e.sessions().stream()
        .filter(s -> user.equals(s.getSpec().getUser()))
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  static McpUser user(String slug) {
    return e2e.api()
        .resources(McpUser.class)
        .inNamespace(LocalSettings.NAMESPACE)
        .withName(slug)
        .get();
  }
}
