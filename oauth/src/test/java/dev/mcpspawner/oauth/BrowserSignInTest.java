package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.oauth.server.Pkce;
import dev.mcpspawner.oauth.testing.BrowserlessClient;
import dev.mcpspawner.oauth.testing.HeadlessChromium;
import dev.mcpspawner.oauth.testing.TestAuthServer;
import dev.mcpspawner.oauth.testing.TestingApi;
import dev.mcpspawner.testing.HandClock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The login and consent pages in headless Chromium: a person completes the sign-in by typing and
 * clicking, and again with the keyboard alone. Screenshots go to {@code target/screenshots}; with
 * {@code -Dscreenshots.update=true} they replace the ones in {@code docs/screenshots}.
 */
class BrowserSignInTest {

  @Test
  void aPersonSignsInAndAllowsByClickingThrough() throws Exception {
    HeadlessChromium.assumeAvailable();
    Path shots = HeadlessChromium.screenshots();
    try (TestingApi api = new TestingApi();
        TestAuthServer server = new TestAuthServer(api.client(), null, null, new HandClock());
        HeadlessChromium browser = new HeadlessChromium(900, 720)) {
      String callback = server.url() + "/client/callback";
      String clientId =
          new ObjectMapper()
              .readTree(
                  new BrowserlessClient()
                      .postJson(
                          server.url() + "/oauth/register",
                          "{\"client_name\":\"Claude\",\"redirect_uris\":[\""
                              + callback
                              + "\"],\"token_endpoint_auth_method\":\"none\"}")
                      .body())
              .get("client_id")
              .asText();
      Map<String, String> params = new LinkedHashMap<>();
      params.put("response_type", "code");
      params.put("client_id", clientId);
      params.put("redirect_uri", callback);
      params.put("state", "browser-state");
      params.put("code_challenge", Pkce.challengeOf("b".repeat(64)));
      params.put("code_challenge_method", "S256");
      params.put("scope", "mcp offline_access");
      params.put("resource", server.url() + "/mcp/memory");

      browser.open(server.url() + "/oauth/authorize?" + BrowserlessClient.encode(params));
      assertThat(browser.waitForText("Sign in")).contains("Claude");
      browser.screenshot(shots.resolve("login.png"));

      browser.type("#username", "alice");
      browser.type("#password", TestAuthServer.PASSWORD);
      browser.click("#sign-in");
      assertThat(browser.waitForText("Allow Claude?")).contains("Alice Example");
      browser.screenshot(shots.resolve("consent.png"));

      browser.click("#allow");
      assertThat(browser.waitForText("code received")).contains("Signed in");
      String landed = browser.currentUrl();
      assertThat(landed).startsWith(callback);
      assertThat(BrowserlessClient.param(landed, "state")).isEqualTo("browser-state");
      assertThat(BrowserlessClient.param(landed, "code")).isNotBlank();

      // Again with the keyboard alone: the username field and then Allow have the focus, Tab
      // moves on, Enter submits.
      params.put("state", "keyboard-state");
      browser.open(server.url() + "/oauth/authorize?" + BrowserlessClient.encode(params));
      browser.waitForText("Sign in");
      browser.typeIntoFocused("alice\uE004" + TestAuthServer.PASSWORD + "\uE007");
      browser.waitForText("Allow Claude?");
      browser.typeIntoFocused("\uE007");
      browser.waitForText("code received");
      assertThat(BrowserlessClient.param(browser.currentUrl(), "state"))
          .isEqualTo("keyboard-state");
    }
  }
}
