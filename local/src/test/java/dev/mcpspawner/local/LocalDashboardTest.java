package dev.mcpspawner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.oauth.testing.HeadlessChromium;
import io.fabric8.kubernetes.api.model.Event;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
  static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
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
      List<Event> events =
          e2e.api().v1().events().inNamespace(LocalSettings.NAMESPACE).list().getItems();
      for (String name : names) {
        assertThat(events)
            .anySatisfy(
                e -> {
                  assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
                  assertThat(e.getReason()).isEqualTo("UserDisabled");
                });
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
              HttpRequest.newBuilder(URI.create(e2e.local().mcpUrl("memory")))
                  .header("Authorization", "Bearer " + e2e.key(FRANK + "-2"))
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .POST(HttpRequest.BodyPublishers.ofString(INIT))
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
