package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.oauth.testing.BrowserlessClient;
import dev.mcpspawner.oauth.testing.TestAuthServer;
import dev.mcpspawner.oauth.testing.TestingApi;
import dev.mcpspawner.testing.HandClock;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authorization-code flow over HTTP against the built-in server: registration, login, consent,
 * token, refresh, revoke, and the attacks on each step.
 */
class AuthorizationFlowTest {
  static final String VERIFIER = "verifier-" + "x".repeat(50);
  static final String CALLBACK = "http://127.0.0.1:9/callback";

  static TestingApi api;
  static TestAuthServer server;
  static final HandClock CLOCK = new HandClock();
  static final ObjectMapper JSON = new ObjectMapper();
  BrowserlessClient browser;
  String clientId;

  @BeforeAll
  static void start() {
    api = new TestingApi();
    server = new TestAuthServer(api.client(), null, null, CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
    api.close();
  }

  @BeforeEach
  void registerClient() throws Exception {
    browser = new BrowserlessClient();
    HttpResponse<String> reg =
        browser.postJson(
            server.url() + "/oauth/register",
            """
            {"client_name":"Flow test","redirect_uris":["%s"],
             "token_endpoint_auth_method":"none"}\
            """
                .formatted(CALLBACK));
    assertThat(reg.statusCode()).isEqualTo(201);
    clientId = JSON.readTree(reg.body()).get("client_id").asText();
  }

  @Test
  void registrationIsKeptInTheKubernetesApi() {
    Secret s =
        api.client()
            .secrets()
            .inNamespace(TestingApi.NAMESPACE)
            .withName("mcp-oauth-client-" + clientId)
            .get();
    assertThat(s).isNotNull();
    assertThat(s.getMetadata().getLabels()).containsEntry("mcpspawner.dev/oauth", "client");
  }

  @Test
  void registrationRefusesRedirectsThatAreNeitherHttpsNorLoopback() throws Exception {
    for (String bad :
        List.of(
            "http://evil.example/cb", "javascript:alert(1)", "custom-app:/cb", "https://x/#f")) {
      HttpResponse<String> reg =
          browser.postJson(
              server.url() + "/oauth/register",
              "{\"redirect_uris\":[\"" + bad + "\"],\"token_endpoint_auth_method\":\"none\"}");
      assertThat(reg.statusCode()).as(bad).isEqualTo(400);
      assertThat(reg.body()).contains("invalid_redirect_uri");
    }
  }

  @Test
  void fullFlowIssuesATokenForTheResourceThatReachesTheMcpEndpoint() throws Exception {
    String code = signIn(authorizeUrl(clientId, CALLBACK, "st-1", resource("echo")));
    JsonNode tokens = exchange(code, VERIFIER, CALLBACK);
    assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(tokens.get("expires_in").asInt()).isEqualTo(3600);
    HttpResponse<String> call = callEcho("echo", tokens.get("access_token").asText());
    assertThat(call.statusCode()).isEqualTo(200);
    assertThat(call.body())
        .contains("user=alice", "client=" + clientId, "engineering", "aud=" + resource("echo"));
    // Bound to /mcp/echo: another server's endpoint refuses it.
    assertThat(callEcho("other", tokens.get("access_token").asText()).statusCode()).isEqualTo(401);
  }

  @Test
  void redirectUriMismatchShowsAnErrorPageAndRedirectsNowhere() throws Exception {
    HttpResponse<String> r =
        browser.get(authorizeUrl(clientId, "http://127.0.0.1:9/other", "s", null));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.body()).contains("Redirect address not allowed");
  }

  @Test
  void missingPkceGoesBackToTheClientAsAnErrorWithStateAndIss() throws Exception {
    String url =
        server.url()
            + "/oauth/authorize?response_type=code&client_id="
            + clientId
            + "&redirect_uri="
            + CALLBACK
            + "&state=abc";
    HttpResponse<String> r = browser.get(url);
    assertThat(r.statusCode()).isEqualTo(303);
    String location = r.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(CALLBACK);
    assertThat(BrowserlessClient.param(location, "error")).isEqualTo("invalid_request");
    assertThat(BrowserlessClient.param(location, "state")).isEqualTo("abc");
    assertThat(BrowserlessClient.param(location, "iss")).isEqualTo(server.url());
    HttpResponse<String> plain =
        browser.get(
            url + "&code_challenge=" + VERIFIER.substring(0, 43) + "&code_challenge_method=plain");
    assertThat(
            BrowserlessClient.param(plain.headers().firstValue("Location").orElseThrow(), "error"))
        .isEqualTo("invalid_request");
  }

  @Test
  void resourceOfAnotherServerIsRefused() throws Exception {
    HttpResponse<String> r =
        browser.get(authorizeUrl(clientId, CALLBACK, "s", "https://elsewhere.example/mcp"));
    assertThat(BrowserlessClient.param(r.headers().firstValue("Location").orElseThrow(), "error"))
        .isEqualTo("invalid_target");
  }

  @Test
  void wrongOrMissingPkceVerifierIsRefused() throws Exception {
    String code = signIn(authorizeUrl(clientId, CALLBACK, "s", null));
    assertThat(tokenError(code, "wrong-" + "y".repeat(50), CALLBACK)).isEqualTo("invalid_grant");
    String code2 = signIn(authorizeUrl(clientId, CALLBACK, "s", null));
    assertThat(tokenError(code2, null, CALLBACK)).isEqualTo("invalid_grant");
  }

  @Test
  void anExpiredCodeIsRefused() throws Exception {
    String code = signIn(authorizeUrl(clientId, CALLBACK, "s", null));
    CLOCK.advance(java.time.Duration.ofSeconds(61));
    assertThat(tokenError(code, VERIFIER, CALLBACK)).isEqualTo("invalid_grant");
  }

  @Test
  void aConfidentialClientMustPresentItsSecret() throws Exception {
    JsonNode reg =
        JSON.readTree(
            browser
                .postJson(
                    server.url() + "/oauth/register",
                    "{\"redirect_uris\":[\""
                        + CALLBACK
                        + "\"],"
                        + "\"token_endpoint_auth_method\":\"client_secret_basic\"}")
                .body());
    String id = reg.get("client_id").asText();
    String secret = reg.get("client_secret").asText();
    String code = signIn(authorizeUrl(id, CALLBACK, "s", null));
    Map<String, String> form =
        mapOf(
            "grant_type", "authorization_code",
            "code", code,
            "code_verifier", VERIFIER,
            "redirect_uri", CALLBACK);
    HttpResponse<String> wrong =
        send(
            HttpRequest.newBuilder(URI.create(server.url() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(id, "not-the-secret"))
                .POST(HttpRequest.BodyPublishers.ofString(BrowserlessClient.encode(form))));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("invalid_client");
    HttpResponse<String> right =
        send(
            HttpRequest.newBuilder(URI.create(server.url() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(id, secret))
                .POST(HttpRequest.BodyPublishers.ofString(BrowserlessClient.encode(form))));
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
  }

  static String basic(String id, String secret) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void tokenRequestWithAnotherRedirectUriIsRefused() throws Exception {
    String code = signIn(authorizeUrl(clientId, CALLBACK, "s", null));
    assertThat(tokenError(code, VERIFIER, "http://127.0.0.1:9/other")).isEqualTo("invalid_grant");
  }

  @Test
  void codeReplayIsRefusedAndRevokesTheTokensIssuedFromIt() throws Exception {
    String code = signIn(authorizeUrl(clientId, CALLBACK, "s", resource("echo")));
    JsonNode tokens = exchange(code, VERIFIER, CALLBACK);
    String access = tokens.get("access_token").asText();
    assertThat(callEcho("echo", access).statusCode()).isEqualTo(200);

    assertThat(tokenError(code, VERIFIER, CALLBACK)).isEqualTo("invalid_grant");

    assertThat(callEcho("echo", access).statusCode()).isEqualTo(401);
    assertThat(refreshError(tokens.get("refresh_token").asText())).isEqualTo("invalid_grant");
    assertThat(server.auditEvents()).contains("oauth_code_replay alice " + clientId);
  }

  @Test
  void refreshTokensRotateAndReuseRevokesTheFamily() throws Exception {
    JsonNode first = echoTokens();
    JsonNode second = refresh(first.get("refresh_token").asText());
    assertThat(second.get("refresh_token").asText())
        .isNotEqualTo(first.get("refresh_token").asText());
    String access = second.get("access_token").asText();
    assertThat(callEcho("echo", access).statusCode()).isEqualTo(200);

    // The first refresh token again: stolen. Everything from this grant stops working.
    assertThat(refreshError(first.get("refresh_token").asText())).isEqualTo("invalid_grant");
    assertThat(refreshError(second.get("refresh_token").asText())).isEqualTo("invalid_grant");
    assertThat(callEcho("echo", access).statusCode()).isEqualTo(401);
    assertThat(server.auditEvents()).contains("oauth_refresh_reuse alice " + clientId);
  }

  @Test
  void tokensIssuedBeforeTheUsersCutOffAreRefusedAndTheirRefreshRevokesTheGrant() throws Exception {
    JsonNode tokens = echoTokens();
    String access = tokens.get("access_token").asText();
    assertThat(callEcho("echo", access).statusCode()).isEqualTo(200);
    // iat has second precision: a cut-off a second ahead is after this token's issue time.
    server.revokeTokensBefore("alice", java.time.Instant.now().plusSeconds(1));
    try {
      assertThat(callEcho("echo", access).statusCode()).isEqualTo(401);
      assertThat(refreshError(tokens.get("refresh_token").asText())).isEqualTo("invalid_grant");
      assertThat(server.auditEvents()).contains("oauth_refresh_revoked alice " + clientId);
    } finally {
      server.revokeTokensBefore("alice", java.time.Instant.EPOCH);
    }
  }

  @Test
  void revocationEndsTheGrant() throws Exception {
    JsonNode tokens = echoTokens();
    HttpResponse<String> r =
        browser.post(
            server.url() + "/oauth/revoke",
            Map.of("token", tokens.get("refresh_token").asText(), "client_id", clientId));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(callEcho("echo", tokens.get("access_token").asText()).statusCode()).isEqualTo(401);
    // Unknown tokens are fine too (RFC 7009 §2.2).
    assertThat(
            browser
                .post(
                    server.url() + "/oauth/revoke",
                    Map.of("token", "nonsense", "client_id", clientId))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void tokensAndGrantsSurviveARestartOfTheServer() throws Exception {
    JsonNode tokens = echoTokens();
    try (TestAuthServer other = new TestAuthServer(api.client(), null, null, new HandClock())) {
      // A second replica (or the same after a restart) on the same API.
      HttpResponse<String> call =
          send(
              HttpRequest.newBuilder(URI.create(other.url() + "/mcp/echo"))
                  .header("Authorization", "Bearer " + tokens.get("access_token").asText())
                  .POST(HttpRequest.BodyPublishers.ofString(toolCall())));
      // Its resource URL differs (another port), so the audience does not match: the key does.
      assertThat(call.statusCode()).isEqualTo(401);
      assertThat(other.authorizationServer().keys().publicKeys().getKeys())
          .extracting(k -> k.getKeyID())
          .containsExactlyElementsOf(
              server.authorizationServer().keys().publicKeys().getKeys().stream()
                  .map(k -> k.getKeyID())
                  .toList());
      HttpResponse<String> refreshed =
          refreshRequest(other.url(), tokens.get("refresh_token").asText());
      assertThat(refreshed.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void wrongPasswordShowsTheLoginPageAgain() throws Exception {
    Map<String, String> form = loginForm(authorizeUrl(clientId, CALLBACK, "s", null), "wrong");
    HttpResponse<String> again = browser.post(server.url() + "/oauth/login", form);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("Wrong username or password");
    assertThat(server.auditEvents()).contains("oauth_login_failed null " + clientId);
    form.put("username", "nobody");
    assertThat(browser.post(server.url() + "/oauth/login", form).body())
        .contains("Wrong username or password");
  }

  /**
   * The issue's race: 25 wrong passwords posted at once on one sign-in. Each attempt is counted on
   * the sign-in before its password is checked, so no more than the five a sign-in allows are
   * checked (it was eleven); the rest are refused unchecked.
   */
  @Test
  void concurrentGuessesOnOneSignInGetNoMorePasswordChecksThanItAllows() throws Exception {
    Map<String, String> form = loginForm(authorizeUrl(clientId, CALLBACK, "s", null), "wrong");
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Integer>> guesses = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 25; i++) {
        guesses.add(
            pool.submit(
                () -> {
                  go.await();
                  return browser.post(server.url() + "/oauth/login", form).statusCode();
                }));
      }
      go.countDown();
      for (var guess : guesses) {
        assertThat(guess.get()).isIn(200, 403, 429);
      }
    }
    long checked =
        server.auditEvents().stream()
            .filter(("oauth_login_failed null " + clientId)::equals)
            .count();
    assertThat(checked).isBetween(1L, 5L);
  }

  @Test
  void formsWithoutTheCsrfTokenOrFromAnotherBrowserAreRefused() throws Exception {
    HttpResponse<String> login = browser.get(authorizeUrl(clientId, CALLBACK, "s", null));
    assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-ancestors 'none'");
    assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
    Map<String, String> form = new LinkedHashMap<>(BrowserlessClient.hiddenFields(login.body()));
    form.put("username", "alice");
    form.put("password", TestAuthServer.PASSWORD);

    Map<String, String> noCsrf = new LinkedHashMap<>(form);
    noCsrf.put("csrf", "forged");
    assertThat(browser.post(server.url() + "/oauth/login", noCsrf).statusCode()).isEqualTo(400);
    // The attacker's browser has the form values but not the cookie.
    assertThat(new BrowserlessClient().post(server.url() + "/oauth/login", form).statusCode())
        .isEqualTo(400);
    assertThat(browser.post(server.url() + "/oauth/login", form).statusCode()).isEqualTo(303);
  }

  @Test
  void metadataDescribesTheServer() throws Exception {
    JsonNode as =
        JSON.readTree(browser.get(server.url() + "/.well-known/oauth-authorization-server").body());
    assertThat(as.get("issuer").asText()).isEqualTo(server.url());
    assertThat(as.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(as.get("client_id_metadata_document_supported").asBoolean()).isTrue();
    JsonNode prm =
        JSON.readTree(
            browser.get(server.url() + "/.well-known/oauth-protected-resource/mcp/echo").body());
    assertThat(prm.get("resource").asText()).isEqualTo(resource("echo"));
    assertThat(prm.get("authorization_servers").get(0).asText()).isEqualTo(server.url());
    HttpResponse<String> unauth =
        send(
            HttpRequest.newBuilder(URI.create(server.url() + "/mcp/echo"))
                .POST(HttpRequest.BodyPublishers.ofString(toolCall())));
    assertThat(unauth.statusCode()).isEqualTo(401);
    assertThat(unauth.headers().firstValue("WWW-Authenticate").orElseThrow())
        .isEqualTo(
            "Bearer resource_metadata=\""
                + server.url()
                + "/.well-known/oauth-protected-resource/mcp/echo\", scope=\"mcp\"");
    JsonNode jwks = JSON.readTree(browser.get(server.url() + "/oauth/jwks").body());
    assertThat(jwks.get("keys").get(0).has("d")).as("no private key published").isFalse();
  }

  // --- helpers ----------------------------------------------------------------------------------

  static String resource(String server) {
    return AuthorizationFlowTest.server.url() + "/mcp/" + server;
  }

  String authorizeUrl(String client, String redirect, String state, String resource) {
    return server.url()
        + "/oauth/authorize?"
        + BrowserlessClient.authorizeQuery(
            client, redirect, state, VERIFIER, "scope", "mcp", "resource", resource);
  }

  /** Alice signs in to the echo server with the registered client: the tokens she gets. */
  JsonNode echoTokens() throws Exception {
    return exchange(
        signIn(authorizeUrl(clientId, CALLBACK, "s", resource("echo"))), VERIFIER, CALLBACK);
  }

  /**
   * The login page of a new sign-in at {@code authorizeUrl}: its form, as alice with {@code
   * password}.
   */
  Map<String, String> loginForm(String authorizeUrl, String password) throws Exception {
    HttpResponse<String> login = browser.get(authorizeUrl);
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    Map<String, String> form = new LinkedHashMap<>(BrowserlessClient.hiddenFields(login.body()));
    form.put("username", "alice");
    form.put("password", password);
    return form;
  }

  /** Logs in as alice, allows, and returns the code from the redirect. */
  String signIn(String authorizeUrl) throws Exception {
    Map<String, String> form = loginForm(authorizeUrl, TestAuthServer.PASSWORD);
    HttpResponse<String> afterLogin = browser.post(server.url() + "/oauth/login", form);
    assertThat(afterLogin.statusCode()).isEqualTo(303);
    HttpResponse<String> consent =
        browser.get(server.url() + afterLogin.headers().firstValue("Location").orElseThrow());
    assertThat(consent.body()).contains("Allow", "Alice Example");
    Map<String, String> allow = new LinkedHashMap<>(BrowserlessClient.hiddenFields(consent.body()));
    allow.put("decision", "allow");
    HttpResponse<String> back = browser.post(server.url() + "/oauth/consent", allow);
    assertThat(back.statusCode()).isEqualTo(303);
    String location = back.headers().firstValue("Location").orElseThrow();
    assertThat(BrowserlessClient.param(location, "iss")).isEqualTo(server.url());
    assertThat(BrowserlessClient.param(location, "state"))
        .isEqualTo(BrowserlessClient.param(authorizeUrl, "state"));
    return BrowserlessClient.param(location, "code");
  }

  JsonNode exchange(String code, String verifier, String redirect) throws Exception {
    HttpResponse<String> r = tokenRequest(code, verifier, redirect);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    return JSON.readTree(r.body());
  }

  String tokenError(String code, String verifier, String redirect) throws Exception {
    HttpResponse<String> r = tokenRequest(code, verifier, redirect);
    assertThat(r.statusCode()).isEqualTo(400);
    return JSON.readTree(r.body()).get("error").asText();
  }

  HttpResponse<String> tokenRequest(String code, String verifier, String redirect)
      throws Exception {
    return browser.exchangeCode(server.url() + "/oauth/token", code, verifier, redirect, clientId);
  }

  /** A refresh_token grant at the authorization server at {@code base}. */
  HttpResponse<String> refreshRequest(String base, String refreshToken) throws Exception {
    return browser.post(
        base + "/oauth/token",
        Map.of(
            "grant_type", "refresh_token", "refresh_token", refreshToken, "client_id", clientId));
  }

  JsonNode refresh(String refreshToken) throws Exception {
    HttpResponse<String> r = refreshRequest(server.url(), refreshToken);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  String refreshError(String refreshToken) throws Exception {
    HttpResponse<String> r = refreshRequest(server.url(), refreshToken);
    assertThat(r.statusCode()).isEqualTo(400);
    return JSON.readTree(r.body()).get("error").asText();
  }

  HttpResponse<String> callEcho(String srv, String accessToken) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(server.url() + "/mcp/" + srv))
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toolCall())));
  }

  static String toolCall() {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"message\":\"hi\"}}}";
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Map<String, String> mapOf(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
