package dev.mcpspawner.gateway;

import static dev.mcpspawner.gateway.testing.McpHttp.initialize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.gateway.auth.OAuthAuthenticator;
import dev.mcpspawner.gateway.testing.AuditLines;
import dev.mcpspawner.gateway.testing.McpHttp;
import dev.mcpspawner.gateway.testing.TestingCluster;
import dev.mcpspawner.gateway.testing.TestingGateway;
import dev.mcpspawner.gateway.testing.TestingKeys;
import dev.mcpspawner.gateway.user.UserDirectory;
import dev.mcpspawner.oauth.SignIn;
import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.testing.BrowserlessClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * McpUsers and the OAuth sign-in modes, wired as GatewayMain wires them ({@link SignIn#fromEnv}
 * with the gateway's {@link UserDirectory} as the source of {@code tokensNotBefore}):
 *
 * <ul>
 *   <li>just in time: the first successful request of a user of the built-in server (password or
 *       upstream OIDC) or of an external IdP creates their McpUser; forged or foreign tokens create
 *       none;
 *   <li>revocation: {@code spec.tokensNotBefore} refuses older access and refresh tokens of the
 *       built-in server and external tokens by {@code iat} (401, audited as {@code token_revoked}),
 *       while tokens issued after it work.
 * </ul>
 *
 * <p>mock-oauth2-server on loopback is the organisation's IdP (issuer {@code org}) and the upstream
 * OIDC provider of the built-in server (issuer {@code corp}).
 */
class McpUserRevocationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PASSWORD = "correct horse battery staple";
  static final String ALICE = "alice"; // the built-in server's local user: user id = username
  static final String CALLBACK = "http://127.0.0.1:9/callback";
  static final String VERIFIER = "verifier-" + "x".repeat(50);

  static MockOAuth2Server idp;
  static TestingCluster cluster;
  static Gateway builtin;
  static Gateway external;

  /** One gateway in one sign-in mode. */
  record Gateway(String url, SignIn signIn, UserDirectory users, GatewayApp app, McpHttp http) {
    /** The status of a 2025-06-18 initialize on {@code echo} with {@code token} as bearer. */
    int initializeStatus(String token) {
      return http.post("echo", token, initialize("2025-06-18")).statusCode();
    }

    static Gateway start(Map<String, String> env) {
      int port = freePort();
      String url = "http://127.0.0.1:" + port;
      UserDirectory users =
          new UserDirectory(
              cluster.gatewayClient(), TestingCluster.NAMESPACE, UserDefaults.NO_LIMITS);
      SignIn signIn =
          SignIn.fromEnv(
              env, cluster.client(), "mcp-gateway", url, users::tokensNotBefore, Clock.systemUTC());
      GatewayConfig config =
          TestingGateway.baseConfig(port)
              .publicUrl(url)
              .userDefaults(UserDefaults.NO_LIMITS)
              .build();
      GatewayApp app =
          new GatewayApp(
                  cluster.gatewayClient(),
                  config,
                  new OAuthAuthenticator(
                      signIn.verifier().orElseThrow(),
                      signIn.requiredScope(),
                      TestingKeys.authenticator()),
                  signIn::register,
                  users)
              .start();
      return new Gateway(url, signIn, users, app, new McpHttp(app.port()));
    }

    void close() {
      app.close();
      signIn.close();
    }
  }

  @BeforeAll
  static void start() throws IOException {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    cluster = new TestingCluster();
    Path usersFile = Files.createTempFile("local-users", ".yaml");
    Files.writeString(
        usersFile,
        "users:\n  - username: alice\n    bcrypt: '%s'\n    name: Alice Example\n"
                .formatted(LocalUsers.hash(PASSWORD))
            + "    email: alice@example.com\n    groups: [engineering]\n");
    usersFile.toFile().deleteOnExit();
    builtin =
        Gateway.start(
            Map.of(
                "MCP_SPAWNER_AUTH_MODE", "builtin",
                "MCP_SPAWNER_OAUTH_USERS_FILE", usersFile.toString(),
                "MCP_SPAWNER_OIDC_ISSUER", idp.issuerUrl("corp").toString(),
                "MCP_SPAWNER_OIDC_CLIENT_ID", "mcp-gateway",
                "MCP_SPAWNER_OIDC_CLIENT_SECRET", "gateway-secret",
                "MCP_SPAWNER_OIDC_NAME", "Corp SSO",
                "MCP_SPAWNER_OIDC_USER_CLAIM", "email"));
    external =
        Gateway.start(
            Map.of(
                "MCP_SPAWNER_AUTH_MODE", "external",
                "MCP_SPAWNER_EXTERNAL_ISSUER", idp.issuerUrl("org").toString(),
                "MCP_SPAWNER_EXTERNAL_AUDIENCE", "api://mcp-spawner",
                "MCP_SPAWNER_EXTERNAL_USER_CLAIM", "email",
                "MCP_SPAWNER_EXTERNAL_SCOPE", "mcp"));
  }

  @AfterAll
  static void stop() {
    if (builtin != null) {
      builtin.close();
    }
    if (external != null) {
      external.close();
    }
    cluster.close();
    idp.shutdown();
  }

  // ---- just in time -----------------------------------------------------------------------

  @Test
  void anExternalIdpUsersFirstRequestCreatesTheirMcpUserAndForgedTokensCreateNone() {
    String carol = "carol-" + UUID.randomUUID() + "@example.com";
    int before = users().size();
    AuditLines audit = new AuditLines();
    try (audit) {
      for (int i = 0; i < 10; i++) {
        // Random three-part values, and well-formed tokens from another issuer (another key).
        String forged =
            i % 2 == 0
                ? b64("{\"alg\":\"RS256\"}") + "." + b64(randomClaims(carol)) + ".c2ln"
                : orgToken("elsewhere", carol, List.of("api://mcp-spawner"));
        assertThat(external.initializeStatus(forged)).isEqualTo(401);
      }
      assertThat(external.initializeStatus(orgToken("org", carol, List.of("another-api"))))
          .isEqualTo(401);
      assertThat(external.initializeStatus(null)).isEqualTo(401);
      assertThat(users()).hasSize(before);
      assertThat(user(carol)).isNull();

      String token = orgToken("org", carol, List.of("api://mcp-spawner"));
      HttpResponse<String> ok = external.http().post("echo", token, initialize("2025-06-18"));
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }
    McpUser made = user(carol);
    assertThat(made).isNotNull();
    assertThat(made.getSpec().getSubject()).isEqualTo(carol);
    assertThat(users()).hasSize(before + 1);
    assertThat(audit.of("user_created"))
        .singleElement()
        .satisfies(e -> assertThat(e.path("subject").asText()).isEqualTo(carol));
  }

  @Test
  void aBuiltinServerUserSignedInByPasswordGetsTheirMcpUserOnTheFirstRequestOnly()
      throws Exception {
    deleteUser(ALICE);
    BuiltinClient client = new BuiltinClient();
    // A wrong password gets no code, and nothing is created.
    HttpResponse<String> login = client.browser.get(client.authorizeUrl());
    Map<String, String> form = new LinkedHashMap<>(BrowserlessClient.hiddenFields(login.body()));
    form.put("username", ALICE);
    form.put("password", "wrong password");
    HttpResponse<String> refused = client.browser.post(builtin.url() + "/oauth/login", form);
    assertThat(refused.statusCode()).isNotEqualTo(303);
    assertThat(user(ALICE)).isNull();

    JsonNode tokens = client.signInWithPassword();
    // Signing in alone creates nothing: the first MCP request does.
    assertThat(user(ALICE)).isNull();
    HttpResponse<String> ok =
        builtin.http().post("echo", tokens.get("access_token").asText(), initialize("2025-06-18"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(user(ALICE)).isNotNull();
    assertThat(user(ALICE).getSpec().getSubject()).isEqualTo(ALICE);
  }

  @Test
  void anUpstreamOidcUserGetsTheirMcpUserOnTheFirstRequest() throws Exception {
    String bob = "bob-" + UUID.randomUUID() + "@example.com";
    JsonNode tokens = new BuiltinClient().signInUpstream(bob);
    assertThat(user(bob)).isNull();
    HttpResponse<String> ok =
        builtin.http().post("echo", tokens.get("access_token").asText(), initialize("2025-06-18"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    McpUser made = user(bob);
    assertThat(made).isNotNull();
    assertThat(made.getMetadata().getName()).isEqualTo(Names.userSlug(bob));
  }

  // ---- revocation -------------------------------------------------------------------------

  @Test
  void tokensNotBeforeRefusesOlderBuiltinAccessAndRefreshTokensAndLaterOnesWork() throws Exception {
    String dana = "dana-" + UUID.randomUUID() + "@example.com";
    BuiltinClient client = new BuiltinClient();
    JsonNode old = client.signInUpstream(dana);
    String oldAccess = old.get("access_token").asText();
    assertThat(builtin.initializeStatus(oldAccess)).isEqualTo(200);

    Instant cutoff = revokeNow(dana);
    AuditLines audit = new AuditLines();
    try (audit) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> builtin.initializeStatus(oldAccess) == 401);
      HttpResponse<String> refused =
          builtin.http().post("echo", oldAccess, initialize("2025-06-18"));
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"");
    }
    assertThat(audit.of("token_revoked", dana))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.path("reason").asText()).isEqualTo("token revoked"));
    assertThat(audit.of("auth_failed")).isEmpty();

    // The refresh token of that sign-in is refused too (the grant is older than the cut-off).
    HttpResponse<String> refresh = client.refresh(old.get("refresh_token").asText());
    assertThat(refresh.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refresh.body()).path("error").asText()).isEqualTo("invalid_grant");

    // Signing in again after the cut-off works, access and refresh.
    await().atMost(Duration.ofSeconds(5)).until(() -> !Instant.now().isBefore(cutoff));
    JsonNode fresh = new BuiltinClient().signInUpstream(dana);
    assertThat(builtin.initializeStatus(fresh.get("access_token").asText())).isEqualTo(200);
    BuiltinClient again = new BuiltinClient();
    JsonNode second = again.signInUpstream(dana);
    HttpResponse<String> refreshed = again.refresh(second.get("refresh_token").asText());
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    assertThat(
            builtin.initializeStatus(JSON.readTree(refreshed.body()).get("access_token").asText()))
        .isEqualTo(200);
  }

  @Test
  void tokensNotBeforeRefusesExternalTokensIssuedBeforeItByIatAndLaterOnesWork() {
    String erin = "erin-" + UUID.randomUUID() + "@example.com";
    String old = orgToken("org", erin, List.of("api://mcp-spawner"));
    assertThat(external.initializeStatus(old)).isEqualTo(200);
    double revokedBefore = refusals(external, "revoked");

    Instant cutoff = revokeNow(erin);
    AuditLines audit = new AuditLines();
    try (audit) {
      await().atMost(Duration.ofSeconds(10)).until(() -> external.initializeStatus(old) == 401);
    }
    assertThat(audit.of("token_revoked", erin)).isNotEmpty();
    assertThat(refusals(external, "revoked")).isGreaterThan(revokedBefore);
    // Another user's tokens are untouched.
    String frank = "frank-" + UUID.randomUUID() + "@example.com";
    assertThat(external.initializeStatus(orgToken("org", frank, List.of("api://mcp-spawner"))))
        .isEqualTo(200);

    await().atMost(Duration.ofSeconds(5)).until(() -> !Instant.now().isBefore(cutoff));
    String fresh = orgToken("org", erin, List.of("api://mcp-spawner"));
    assertThat(external.initializeStatus(fresh)).isEqualTo(200);
    assertThat(external.initializeStatus(old)).isEqualTo(401);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /**
   * Sets the user's {@code tokensNotBefore} as an administrator would (kubectl patch): the next
   * whole second, since {@code iat} has second precision. Returns the cut-off.
   */
  static Instant revokeNow(String subject) {
    Instant cutoff = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    editUser(subject, spec -> spec.setTokensNotBefore(cutoff.toString()));
    return cutoff;
  }

  static void editUser(String subject, Consumer<McpUserSpec> edit) {
    cluster.editUserNamed(Names.userSlug(subject), edit);
  }

  static void deleteUser(String subject) {
    cluster
        .client()
        .resources(McpUser.class)
        .inNamespace(TestingCluster.NAMESPACE)
        .withName(Names.userSlug(subject))
        .delete();
  }

  static McpUser user(String subject) {
    return cluster.user(subject);
  }

  static List<McpUser> users() {
    return cluster.users();
  }

  static double refusals(Gateway gateway, String reason) {
    String body = gateway.http().send(gateway.http().request("/metrics").GET().build()).body();
    String prefix = "mcp_gateway_refusals_total{reason=\"" + reason + "\"}";
    return body.lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(0.0);
  }

  static String orgToken(String issuerId, String email, List<String> audience) {
    return idp.issueToken(
            issuerId,
            "claude-desktop",
            new DefaultOAuth2TokenCallback(
                issuerId,
                "sub-" + email,
                "JWT",
                audience,
                Map.of("email", email, "azp", "claude-desktop", "scope", "openid mcp"),
                3600))
        .serialize();
  }

  static String randomClaims(String email) {
    return "{\"iss\":\""
        + idp.issuerUrl("org")
        + "\",\"email\":\""
        + email
        + "\",\"n\":\""
        + UUID.randomUUID()
        + "\"}";
  }

  static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An OAuth client of the built-in server: registration, sign-in, consent, token, refresh. */
  static final class BuiltinClient {
    final BrowserlessClient browser = new BrowserlessClient();
    final String clientId;

    BuiltinClient() throws Exception {
      HttpResponse<String> reg =
          browser.postJson(
              builtin.url() + "/oauth/register",
              "{\"client_name\":\"Revocation test\",\"redirect_uris\":[\""
                  + CALLBACK
                  + "\"],\"token_endpoint_auth_method\":\"none\"}");
      assertThat(reg.statusCode()).as(reg.body()).isEqualTo(201);
      clientId = JSON.readTree(reg.body()).get("client_id").asText();
    }

    String authorizeUrl() {
      return builtin.url()
          + "/oauth/authorize?"
          + BrowserlessClient.authorizeQuery(
              clientId,
              CALLBACK,
              "st",
              VERIFIER,
              "scope",
              "mcp offline_access",
              "resource",
              builtin.url() + "/mcp/echo");
    }

    JsonNode signInWithPassword() throws Exception {
      HttpResponse<String> login = browser.get(authorizeUrl());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      Map<String, String> form = new LinkedHashMap<>(BrowserlessClient.hiddenFields(login.body()));
      form.put("username", ALICE);
      form.put("password", PASSWORD);
      HttpResponse<String> afterLogin = browser.post(builtin.url() + "/oauth/login", form);
      assertThat(afterLogin.statusCode()).as(afterLogin.body()).isEqualTo(303);
      return consentAndExchange(afterLogin.headers().firstValue("Location").orElseThrow());
    }

    JsonNode signInUpstream(String email) throws Exception {
      idp.enqueueCallback(
          new DefaultOAuth2TokenCallback(
              "corp", "upstream-" + email, "JWT", null, Map.of("email", email), 3600));
      HttpResponse<String> login = browser.get(authorizeUrl());
      assertThat(login.body()).contains("Sign in with Corp SSO");
      HttpResponse<String> toIdp =
          browser.post(
              builtin.url() + "/oauth/login/upstream",
              BrowserlessClient.hiddenFields(login.body()));
      String idpAuthorize = toIdp.headers().firstValue("Location").orElseThrow();
      HttpResponse<String> back = browser.get(idpAuthorize); // the mock signs in at once
      HttpResponse<String> toConsent =
          browser.get(back.headers().firstValue("Location").orElseThrow());
      assertThat(toConsent.statusCode()).as(toConsent.body()).isEqualTo(303);
      return consentAndExchange(toConsent.headers().firstValue("Location").orElseThrow());
    }

    private JsonNode consentAndExchange(String consentPath) throws Exception {
      HttpResponse<String> consent = browser.get(builtin.url() + consentPath);
      Map<String, String> allow =
          new LinkedHashMap<>(BrowserlessClient.hiddenFields(consent.body()));
      allow.put("decision", "allow");
      HttpResponse<String> back = browser.post(builtin.url() + "/oauth/consent", allow);
      assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
      String code =
          BrowserlessClient.param(back.headers().firstValue("Location").orElseThrow(), "code");
      HttpResponse<String> token =
          browser.exchangeCode(builtin.url() + "/oauth/token", code, VERIFIER, CALLBACK, clientId);
      assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
      JsonNode tokens = JSON.readTree(token.body());
      assertThat(tokens.path("refresh_token").asText()).isNotEmpty();
      return tokens;
    }

    HttpResponse<String> refresh(String refreshToken) throws Exception {
      return browser.post(
          builtin.url() + "/oauth/token",
          Map.of(
              "grant_type", "refresh_token",
              "refresh_token", refreshToken,
              "client_id", clientId));
    }
  }
}
