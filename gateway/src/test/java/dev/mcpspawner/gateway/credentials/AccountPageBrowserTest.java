package dev.mcpspawner.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.testing.TestingAdminCluster;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.oauth.testing.HeadlessChromium;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account page in headless Chromium, keyboard only: a user signs in, sets a credential,
 * replaces it, sets and deletes another; the values reach the user's Secret and never the page.
 * Screenshot {@code account-credentials.png} (to docs/screenshots with {@code
 * -Dscreenshots.update=true}).
 */
class AccountPageBrowserTest {
  static final String TOKEN = "GITHUB_TOKEN";
  static final String ORG = "GITHUB_ORG";
  static final String FIRST = "ghp_firstValue0123456789";
  static final String SECOND = "ghp_secondValue0123456789";
  static final String ENTER = "\uE007";

  @Test
  void aUserSetsReplacesAndDeletesTheirCredentialsWithTheKeyboardAndNeverSeesAValue()
      throws Exception {
    HeadlessChromium.assumeAvailable();
    Path shots = HeadlessChromium.screenshots();
    try (TestingAdminCluster cluster = new TestingAdminCluster();
        HeadlessChromium browser = new HeadlessChromium()) {
      declareGithub(cluster);
      browser.open(cluster.url() + "/account");
      browser.waitFor("#token");
      browser.typeIntoFocused(TestingKeys.ALICE + ENTER);
      browser.waitFor("#value-github-" + TOKEN);
      assertThat(browser.text("#state-github-" + TOKEN)).isEqualTo("not set");
      assertThat(browser.text("main")).contains("a fine-grained token with repo read access");

      browser.type("#value-github-" + TOKEN, FIRST + ENTER);
      await().atMost(Duration.ofSeconds(10)).until(() -> FIRST.equals(value(cluster, TOKEN)));
      browser.waitForText("Replace");
      assertThat(browser.text("#state-github-" + TOKEN)).startsWith("set on 20");

      browser.type("#value-github-" + TOKEN, SECOND + ENTER);
      await().atMost(Duration.ofSeconds(10)).until(() -> SECOND.equals(value(cluster, TOKEN)));

      browser.waitFor("#value-github-" + ORG);
      browser.type("#value-github-" + ORG, "acme" + ENTER);
      await().atMost(Duration.ofSeconds(10)).until(() -> "acme".equals(value(cluster, ORG)));
      browser.waitFor("#delete-github-" + ORG);
      browser.screenshot(shots.resolve("account-credentials.png"));
      // A focused button takes Enter as a keyboard user presses it.
      browser.type("#delete-github-" + ORG, ENTER);
      await().atMost(Duration.ofSeconds(10)).until(() -> value(cluster, ORG) == null);
      assertThat(value(cluster, TOKEN)).isEqualTo(SECOND);

      browser.waitFor("#state-github-" + ORG);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> browser.text("#state-github-" + ORG).equals("not set"));
      assertThat(browser.source()).doesNotContain(FIRST, SECOND, "acme");

      // A bad value is refused with the reason, and nothing changes.
      browser.type("#value-github-" + TOKEN, "not-a-token" + ENTER);
      browser.waitFor("#error");
      assertThat(browser.text("#error")).contains("was not saved");
      assertThat(value(cluster, TOKEN)).isEqualTo(SECOND);
    }
  }

  @Test
  void thePageHasAStrictPolicyAndACrossSiteRequestWithoutTheTokenChangesNothing() throws Exception {
    try (TestingAdminCluster cluster = new TestingAdminCluster()) {
      declareGithub(cluster);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(cluster.url() + "/account")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
          .startsWith("default-src 'self'")
          .doesNotContain("unsafe-inline")
          .contains("frame-ancestors 'none'");
      // three scripts, all static files of this origin (helpers, sign-in, the page's own)
      assertThat(page.body().split("<script", -1)).hasSize(4);
      assertThat(page.body().split("<script src=\"/", -1)).hasSize(4);
      assertThat(page.body()).doesNotContain(" on");
      for (String path :
          List.of(
              AccountPageRoutes.SCRIPT,
              AccountPageRoutes.SIGN_IN_SCRIPT,
              AccountPageRoutes.PAGE_SCRIPT)) {
        HttpResponse<String> script =
            http.send(
                HttpRequest.newBuilder(URI.create(cluster.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).as(path).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(script.body()).as(path).doesNotContain("innerHTML").doesNotContain("eval(");
      }
      // Requests carry no cookie: the token is the only credential.
      assertThat(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(cluster.url() + AccountPageRoutes.PAGE_SCRIPT))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body())
          .contains("credentials: \"omit\"");

      // What a forged form or fetch from another site can send: cookies and its origin, no token.
      for (String method : List.of("PUT", "POST", "DELETE")) {
        HttpResponse<String> forged =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(cluster.url() + "/account/api/credentials/github/" + TOKEN))
                    .header("Origin", "https://evil.example")
                    .header("Cookie", "session=anything")
                    .header("Content-Type", "application/json")
                    .method(
                        method,
                        HttpRequest.BodyPublishers.ofString("{\"value\":\"ghp_forged0123456789\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        // 403 where the foreign origin is refused first, 401 for want of a token otherwise
        assertThat(forged.statusCode()).as(method).isIn(401, 403, 404, 405);
      }
      assertThat(
              cluster
                  .client()
                  .secrets()
                  .inNamespace(TestingCluster.NAMESPACE)
                  .withLabel(dev.mcpspawner.crds.McpSpawner.LABEL_SERVER, "github")
                  .list()
                  .getItems())
          .isEmpty();
    }
  }

  static void declareGithub(TestingAdminCluster cluster) {
    cluster
        .cluster()
        .addServerWithCredentials(
            "github",
            List.of(
                new Credential(
                    TOKEN,
                    "a fine-grained token with repo read access",
                    true,
                    "ghp_[A-Za-z0-9]{10,}"),
                new Credential(ORG, "your organisation", false, null)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> cluster.app() != null && serverVisible(cluster));
  }

  static boolean serverVisible(TestingAdminCluster cluster) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(cluster.url() + "/account/api/credentials"))
                      .header("Authorization", "Bearer " + TestingKeys.ALICE)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("github");
    } catch (Exception e) {
      return false;
    }
  }

  static String value(TestingAdminCluster cluster, String name) {
    Secret s =
        cluster
            .client()
            .secrets()
            .inNamespace(TestingCluster.NAMESPACE)
            .withName(
                Names.credentialSecretName(Names.userSlug(TestingKeys.ALICE_ID), "github", name))
            .get();
    if (s == null || s.getData() == null || !s.getData().containsKey(name)) {
      return null;
    }
    return new String(Base64.getDecoder().decode(s.getData().get(name)), StandardCharsets.UTF_8);
  }
}
