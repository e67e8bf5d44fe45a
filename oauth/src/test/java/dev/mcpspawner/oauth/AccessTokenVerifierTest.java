package dev.mcpspawner.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpspawner.oauth.login.UserIdentity;
import dev.mcpspawner.oauth.server.TokenIssuer;
import dev.mcpspawner.oauth.testing.TestingApi;
import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import dev.mcpspawner.oauth.verify.InsufficientScopeException;
import dev.mcpspawner.oauth.verify.InvalidTokenException;
import dev.mcpspawner.oauth.verify.RevocationCheck;
import dev.mcpspawner.oauth.verify.VerifiedToken;
import dev.mcpspawner.testing.HandClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attack corpus against the resource server: every forged or misused token is refused. */
class AccessTokenVerifierTest {
  static final String URL = "https://mcp.example.com";
  static final String ECHO = URL + "/mcp/echo";
  static final UserIdentity ALICE =
      new UserIdentity("alice", "Alice", "alice@example.com", List.of("engineering"));

  static TestingApi api;
  static HandClock clock = new HandClock();
  static BuiltinAuthorizationServer as;
  static AccessTokenVerifier verifier;
  static TokenIssuer issuer;

  @BeforeAll
  static void start() {
    api = new TestingApi();
    as =
        new BuiltinAuthorizationServer(
                api.client(),
                TestingApi.NAMESPACE,
                OAuthSettings.defaults(URL),
                null,
                null,
                null,
                clock)
            .start();
    verifier = as.verifier(RevocationCheck.NONE);
    issuer = new TokenIssuer(URL, as.keys(), clock, Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    as.close();
    api.close();
  }

  @Test
  void aTokenFromThisServerForThisResourceIsAccepted() {
    VerifiedToken t =
        verifier.verify(bearer(issuer.mint(ALICE, "client-1", "mcp", ECHO, null)), "echo");
    assertThat(t.userId()).isEqualTo("alice");
    assertThat(t.clientId()).isEqualTo("client-1");
    assertThat(t.groups()).containsExactly("engineering");
    assertThat(t.scopes()).containsExactly("mcp");
    assertThat(t.audience()).isEqualTo(ECHO);
  }

  @Test
  void algNoneIsRefused() {
    String token = new PlainJWT(claims(b -> b)).serialize();
    assertRefused(token);
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    byte[] publicKey =
        as.keys().publicKeys().getKeys().get(0).toJSONString().getBytes(StandardCharsets.UTF_8);
    String kid = as.keys().signingKey().getKeyID();
    assertRefused(
        signed(
            JWSAlgorithm.HS256, kid, TokenIssuer.AT_JWT, claims(b -> b), new MACSigner(publicKey)));
  }

  @Test
  void unknownKidIsRefused() throws Exception {
    assertRefused(sign(claims(b -> b), newKey("someone-elses-kid")));
  }

  @Test
  void anotherGatewaysKeyIsRefusedEvenWithOurKid() throws Exception {
    assertRefused(sign(claims(b -> b), newKey(as.keys().signingKey().getKeyID())));
  }

  @Test
  void expiredIsRefused() throws Exception {
    Instant past = clock.instant().minus(Duration.ofHours(2));
    assertRefused(
        sign(
            claims(
                b ->
                    b.issueTime(Date.from(past))
                        .notBeforeTime(Date.from(past))
                        .expirationTime(Date.from(past.plus(Duration.ofHours(1))))),
            as.keys().signingKey()));
  }

  @Test
  void notYetValidIsRefused() throws Exception {
    Instant future = clock.instant().plus(Duration.ofMinutes(10));
    assertRefused(sign(claims(b -> b.notBeforeTime(Date.from(future))), as.keys().signingKey()));
  }

  @Test
  void wrongAudienceIsRefused() throws Exception {
    assertRefused(
        sign(claims(b -> b.audience("https://other.example/mcp")), as.keys().signingKey()));
    // A token for another server of this gateway does not open this one.
    String forOther = issuer.mint(ALICE, "c", "mcp", URL + "/mcp/other", null);
    assertThatThrownBy(() -> verifier.verify(bearer(forOther), "echo"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("audience");
  }

  @Test
  void wrongIssuerIsRefused() throws Exception {
    assertRefused(sign(claims(b -> b.issuer("https://evil.example")), as.keys().signingKey()));
  }

  @Test
  void tamperedPayloadIsRefused() {
    String[] parts = issuer.mint(ALICE, "c", "mcp", ECHO, null).split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"alice\"", "\"mallory\"");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertRefused(forged);
  }

  @Test
  void aJwtThatIsNotAnAccessTokenIsRefused() throws Exception {
    // An ID token or any other JWT signed by the same key must not pass as an access token.
    ECKey key = as.keys().signingKey();
    assertRefused(
        signed(
            JWSAlgorithm.ES256,
            key.getKeyID(),
            JOSEObjectType.JWT,
            claims(b -> b),
            new ECDSASigner(key)));
  }

  @Test
  void missingOrNonBearerCredentialsAreRefused() {
    assertThatThrownBy(() -> verifier.verify(null, "echo"))
        .isInstanceOfSatisfying(
            InvalidTokenException.class, e -> assertThat(e.tokenPresented()).isFalse());
    assertThatThrownBy(() -> verifier.verify("Basic YTpi", "echo"))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void aTokenWithoutTheMcpScopeGets403InsufficientScope() {
    VerifiedToken t =
        verifier.verify(bearer(issuer.mint(ALICE, "c", "offline_access", ECHO, null)), "echo");
    assertThatThrownBy(() -> AccessTokenVerifier.requireScope(t, "mcp"))
        .isInstanceOf(InsufficientScopeException.class);
    assertThat(verifier.challenge("echo", new InsufficientScopeException("mcp"), "mcp"))
        .isEqualTo(
            "Bearer resource_metadata=\""
                + URL
                + "/.well-known/oauth-protected-resource/mcp/echo\", error=\"insufficient_scope\","
                + " scope=\"mcp\"");
  }

  @Test
  void tokensIssuedBeforeTheUsersCutoffAreRefused() {
    AccessTokenVerifier withCutoff =
        as.verifier(RevocationCheck.userCutoff(u -> Optional.of(clock.instant().plusSeconds(1))));
    assertThatThrownBy(
            () -> withCutoff.verify(bearer(issuer.mint(ALICE, "c", "mcp", ECHO, null)), "echo"))
        .isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void hmacAlgorithmsCannotBeConfigured() {
    assertThatThrownBy(
            () ->
                new AccessTokenVerifier.Settings(
                    URL,
                    new dev.mcpspawner.oauth.metadata.GatewayResource(URL),
                    java.util.Set.of(),
                    java.util.Set.of(JWSAlgorithm.HS256),
                    null,
                    "sub",
                    "groups",
                    List.of("client_id"),
                    Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- helpers ----------------------------------------------------------------------------------

  static void assertRefused(String token) {
    assertThatThrownBy(() -> verifier.verify(bearer(token), "echo"))
        .isInstanceOfSatisfying(
            InvalidTokenException.class, e -> assertThat(e.tokenPresented()).isTrue());
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(URL)
            .audience(ECHO)
            .subject("alice")
            .claim("client_id", "c")
            .claim("scope", "mcp")
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .jwtID("j");
    return change.apply(b).build();
  }

  /** {@code claims} as an access token (ES256) signed by {@code key}. */
  static String sign(JWTClaimsSet claims, ECKey key) throws Exception {
    return signed(
        JWSAlgorithm.ES256, key.getKeyID(), TokenIssuer.AT_JWT, claims, new ECDSASigner(key));
  }

  /** {@code claims} in a JWT whose header names {@code alg}, {@code kid} and {@code type}. */
  static String signed(
      JWSAlgorithm alg, String kid, JOSEObjectType type, JWTClaimsSet claims, JWSSigner signer)
      throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(type).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  static ECKey newKey(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }
}
