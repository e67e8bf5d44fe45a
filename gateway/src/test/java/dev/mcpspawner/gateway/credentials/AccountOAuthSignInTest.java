package dev.mcpspawner.gateway.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.oauth.BuiltinAuthorizationServer;
import dev.mcpspawner.oauth.OAuthSettings;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.LocalUsers.LocalUser;
import dev.mcpspawner.oauth.testing.HeadlessChromium;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account page signs a person in the way MCP clients do, through the gateway's own
 * authorization server (login, consent, code with PKCE), with no token to paste; then the person
 * sets a credential.
 */
class AccountOAuthSignInTest {
  static final String USER = "erin@example.com";
  static final String PASSWORD = "correct horse battery staple";
  static final String VALUE = "ghp_erinsOwnValue0123456789";

  @Test
  void aPersonSignsInWithTheirPasswordAndSetsTheirOwnCredential() throws Exception {
    HeadlessChromium.assumeAvailable();
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    try (TestingCluster cluster = new TestingCluster();
        BuiltinAuthorizationServer authorizationServer =
            new BuiltinAuthorizationServer(
                    cluster.client(),
                    "mcp-gateway",
                    OAuthSettings.defaults(url),
                    new LocalUsers(
                        List.of(
                            new LocalUser(
                                USER, LocalUsers.hash(PASSWORD), "Erin Example", USER, List.of()))),
                    null,
                    null,
                    Clock.systemUTC())
                .start();
        GatewayApp app = TestingGateway.startWithSignIn(cluster, port, authorizationServer);
        HeadlessChromium browser = new HeadlessChromium()) {
      cluster.addServerWithCredentials(
          "github",
          List.of(new Credential("GITHUB_TOKEN", "your token", true, "ghp_[A-Za-z0-9]{10,}")));

      browser.open(url + "/account");
      browser.waitFor("#sign-in-oauth");
      browser.click("#sign-in-oauth");
      browser.waitFor("#username");
      browser.type("#username", USER);
      browser.type("#password", PASSWORD);
      browser.click("#sign-in");
      browser.waitForText("mcp-spawner account page");
      browser.click("#allow");

      // Back on the account page, signed in: no code left in the address bar.
      browser.waitFor("#value-github-GITHUB_TOKEN");
      assertThat(browser.currentUrl()).isEqualTo(url + "/account");
      browser.type("#value-github-GITHUB_TOKEN", VALUE + "\uE007");
      await().atMost(Duration.ofSeconds(10)).until(() -> VALUE.equals(value(cluster)));
      assertThat(browser.source()).doesNotContain(VALUE);
    }
  }

  static String value(TestingCluster cluster) {
    Secret s =
        cluster
            .client()
            .secrets()
            .inNamespace(TestingCluster.NAMESPACE)
            .withName(Names.credentialSecretName(Names.userSlug(USER), "github", "GITHUB_TOKEN"))
            .get();
    if (s == null || s.getData() == null || !s.getData().containsKey("GITHUB_TOKEN")) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(s.getData().get("GITHUB_TOKEN")), StandardCharsets.UTF_8);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
