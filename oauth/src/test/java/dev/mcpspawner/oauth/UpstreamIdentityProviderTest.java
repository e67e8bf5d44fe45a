package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.oauth.login.UpstreamOidc;
import dev.mcpspawner.oauth.testing.BrowserlessClient;
import dev.mcpspawner.oauth.testing.TestAuthServer;
import dev.mcpspawner.oauth.testing.TestingApi;
import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import dev.mcpspawner.oauth.verify.InvalidTokenException;
import dev.mcpspawner.oauth.verify.VerifiedToken;
import dev.mcpspawner.testing.HandClock;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Federation (sign-in through an upstream OIDC provider) and external-IdP mode, both against
 * mock-oauth2-server as a real OIDC provider on loopback.
 */
class UpstreamIdentityProviderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static MockOAuth2Server idp;
  static TestingApi api;
  static TestAuthServer server;

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    api = new TestingApi();
    UpstreamOidc upstream =
        new UpstreamOidc(
            new UpstreamOidc.Settings(
                idp.issuerUrl("corp").toString(),
                "mcp-gateway",
                "gateway-secret",
                "Corp SSO",
                "email",
                "groups"));
    server = new TestAuthServer(api.client(), upstream, null, new HandClock());
  }

  @AfterAll
  static void stop() {
    server.close();
    api.close();
    idp.shutdown();
  }

  @Test
  void signingInThroughTheUpstreamProviderMapsItsClaimsOntoTheUser() throws Exception {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "corp",
            "upstream-subject-42",
            "JWT",
            null,
            Map.of(
                "email",
                "bob@example.com",
                "name",
                "Bob Builder",
                "groups",
                List.of("admins", "eng"))));
    BrowserlessClient browser = new BrowserlessClient();
    String callback = "http://127.0.0.1:9/cb";
    HttpResponse<String> reg =
        browser.postJson(
            server.url() + "/oauth/register",
            "{\"redirect_uris\":[\"" + callback + "\"],\"token_endpoint_auth_method\":\"none\"}");
    String clientId = JSON.readTree(reg.body()).get("client_id").asText();
    String verifier = "v".repeat(64);
    HttpResponse<String> login =
        browser.get(
            server.url()
                + "/oauth/authorize?"
                + BrowserlessClient.authorizeQuery(clientId, callback, "s1", verifier));
    assertThat(login.body()).contains("Sign in with Corp SSO");

    HttpResponse<String> toIdp =
        browser.post(
            server.url() + "/oauth/login/upstream", BrowserlessClient.hiddenFields(login.body()));
    String idpAuthorize = toIdp.headers().firstValue("Location").orElseThrow();
    assertThat(idpAuthorize).startsWith(idp.issuerUrl("corp").toString());
    assertThat(BrowserlessClient.param(idpAuthorize, "code_challenge_method")).isEqualTo("S256");

    HttpResponse<String> back = browser.get(idpAuthorize); // the mock signs in at once
    String ourCallback = back.headers().firstValue("Location").orElseThrow();
    assertThat(ourCallback).startsWith(server.url() + "/oauth/callback");
    HttpResponse<String> toConsent = browser.get(ourCallback);
    assertThat(toConsent.statusCode()).as(toConsent.body()).isEqualTo(303);
    HttpResponse<String> consent =
        browser.get(server.url() + toConsent.headers().firstValue("Location").orElseThrow());
    assertThat(consent.body()).contains("Bob Builder (bob@example.com)");

    Map<String, String> allow = new LinkedHashMap<>(BrowserlessClient.hiddenFields(consent.body()));
    allow.put("decision", "allow");
    String code =
        BrowserlessClient.param(
            browser
                .post(server.url() + "/oauth/consent", allow)
                .headers()
                .firstValue("Location")
                .orElseThrow(),
            "code");
    HttpResponse<String> token =
        browser.exchangeCode(server.url() + "/oauth/token", code, verifier, callback, clientId);
    JsonNode tokens = JSON.readTree(token.body());
    VerifiedToken t =
        server
            .authorizationServer()
            .verifier(null)
            .verify("Bearer " + tokens.get("access_token").asText(), null);
    assertThat(t.userId()).isEqualTo("bob@example.com");
    assertThat(t.groups()).containsExactlyInAnyOrder("admins", "eng");
    assertThat(t.clientId()).isEqualTo(clientId);
  }

  @Test
  void aCallbackWithAForgedStateIsRefused() throws Exception {
    HttpResponse<String> r =
        new BrowserlessClient()
            .get(server.url() + "/oauth/callback?code=x&state=" + "a".repeat(40) + ".forged");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("expired");
  }

  @Test
  void externalTokensIssuedBeforeTheUsersCutOffAreRefused() {
    java.util.Map<String, java.time.Instant> cutoffs =
        new java.util.concurrent.ConcurrentHashMap<>();
    ExternalIdp external = organisationIdp("https://mcp.example.com");
    AccessTokenVerifier verifier =
        external.verifier(
            dev.mcpspawner.oauth.verify.RevocationCheck.userCutoff(
                u -> java.util.Optional.ofNullable(cutoffs.get(u))),
            Clock.systemUTC());
    String token = orgToken("org", List.of("api://mcp-spawner"));
    assertThat(verifier.verify("Bearer " + token, "echo").userId()).isEqualTo("carol@example.com");
    cutoffs.put("carol@example.com", java.time.Instant.now().plusSeconds(1));
    assertThatThrownBy(() -> verifier.verify("Bearer " + token, "echo"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("revoked");
    cutoffs.put("dave@example.com", java.time.Instant.now().plusSeconds(1));
    cutoffs.remove("carol@example.com");
    assertThat(verifier.verify("Bearer " + token, "echo").userId()).isEqualTo("carol@example.com");
  }

  @Test
  void externalModeAcceptsTheOrganisationsTokensForTheConfiguredAudienceOnly() throws Exception {
    String publicUrl = "https://mcp.example.com";
    ExternalIdp external = organisationIdp(publicUrl);
    AccessTokenVerifier verifier = external.verifier(null, Clock.systemUTC());

    String good = orgToken("org", List.of("api://mcp-spawner"));
    VerifiedToken t = verifier.verify("Bearer " + good, "echo");
    assertThat(t.userId()).isEqualTo("carol@example.com");
    assertThat(t.groups()).containsExactly("mcp-users");
    assertThat(t.clientId()).isEqualTo("claude-desktop");
    assertThat(t.hasScope("mcp")).isTrue();

    assertThatThrownBy(
            () -> verifier.verify("Bearer " + orgToken("org", List.of("another-api")), "echo"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("audience");
    // Same provider software, another issuer (and key): refused.
    assertThatThrownBy(
            () ->
                verifier.verify(
                    "Bearer " + orgToken("elsewhere", List.of("api://mcp-spawner")), "echo"))
        .isInstanceOf(InvalidTokenException.class);

    // The protected-resource metadata sends clients to the organisation's IdP.
    Javalin app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = 0;
                  external.register(cfg.routes);
                })
            .start();
    try {
      JsonNode prm =
          JSON.readTree(
              new BrowserlessClient()
                  .get(
                      "http://127.0.0.1:"
                          + app.port()
                          + "/.well-known/oauth-protected-resource/mcp/echo")
                  .body());
      assertThat(prm.get("resource").asText()).isEqualTo(publicUrl + "/mcp/echo");
      assertThat(prm.get("authorization_servers").get(0).asText())
          .isEqualTo(idp.issuerUrl("org").toString());
    } finally {
      app.stop();
    }
  }

  static String orgToken(String issuerId, List<String> audience) {
    return idp.issueToken(
            issuerId,
            "claude-desktop",
            new DefaultOAuth2TokenCallback(
                issuerId,
                "carol-sub",
                "JWT",
                audience,
                Map.of(
                    "email", "carol@example.com",
                    "roles", List.of("mcp-users"),
                    "azp", "claude-desktop",
                    "scope", "openid mcp"),
                3600))
        .serialize();
  }

  /** External mode trusting the "org" issuer for audience api://mcp-spawner (email, roles). */
  static ExternalIdp organisationIdp(String publicUrl) {
    return new ExternalIdp(
        new ExternalIdp.Settings(
            publicUrl,
            idp.issuerUrl("org").toString(),
            "api://mcp-spawner",
            "email",
            "roles",
            null,
            "mcp"));
  }
}
