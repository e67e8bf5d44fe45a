package dev.mcpspawner.oauth.verify;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.mcpspawner.oauth.metadata.BearerChallenge;
import dev.mcpspawner.oauth.metadata.GatewayResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a bearer token on every MCP request: signature against the issuer's keys with an algorithm
 * allow-list (asymmetric only: never {@code none}, never HMAC, so a public key can never be used as
 * a shared secret), {@code typ} where required, issuer, audience (this gateway or the one server
 * asked for: tokens for anything else are refused), expiry and not-before with a small skew, and
 * revocation. The token itself never goes further than this class.
 */
public final class AccessTokenVerifier {
  /** Asymmetric JWS algorithms an external IdP may use. */
  public static final Set<JWSAlgorithm> ASYMMETRIC =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA,
          JWSAlgorithm.Ed25519);

  /**
   * @param issuer the exact {@code iss}
   * @param resource this gateway's resource identifiers (accepted audiences)
   * @param audiences further accepted audiences (an external IdP's configured audience)
   * @param algorithms allowed signature algorithms, a subset of {@link #ASYMMETRIC}
   * @param requiredType the JOSE {@code typ} tokens must carry ({@code at+jwt}), or null for any
   * @param userClaim claim holding the user id
   * @param groupsClaim claim holding groups
   * @param clientIdClaims claims tried in turn for the client id
   * @param skew clock skew allowed on {@code exp}, {@code nbf} and {@code iat}
   */
  public record Settings(
      String issuer,
      GatewayResource resource,
      Set<String> audiences,
      Set<JWSAlgorithm> algorithms,
      JOSEObjectType requiredType,
      String userClaim,
      String groupsClaim,
      List<String> clientIdClaims,
      Duration skew) {
    public Settings {
      Objects.requireNonNull(issuer, "issuer");
      audiences = Set.copyOf(audiences);
      algorithms = Set.copyOf(algorithms);
      if (algorithms.isEmpty() || !ASYMMETRIC.containsAll(algorithms)) {
        throw new IllegalArgumentException("only asymmetric JWS algorithms may verify tokens");
      }
      clientIdClaims = List.copyOf(clientIdClaims);
    }
  }

  private final Settings settings;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final RevocationCheck revocation;
  private final Clock clock;

  public AccessTokenVerifier(
      Settings settings, JWKSource<SecurityContext> keys, RevocationCheck revocation, Clock clock) {
    this.settings = settings;
    this.revocation = revocation;
    this.clock = clock;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.algorithms(), keys));
    processor.setJWSTypeVerifier(
        settings.requiredType() == null
            ? new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null)
            : new DefaultJOSEObjectTypeVerifier<>(settings.requiredType()));
    processor.setJWTClaimsSetVerifier(null); // checked below against the injected clock
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Verifies the {@code Authorization} header value for a request to {@code server} (null when the
   * request is for the gateway as a whole).
   */
  public VerifiedToken verify(String authorizationHeader, String server) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw new InvalidTokenException("no access token", false);
    }
    if (!authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new InvalidTokenException("not a bearer token", true);
    }
    String token = authorizationHeader.substring(7).trim();
    if (token.isEmpty() || token.length() > 16_384) {
      throw new InvalidTokenException("malformed bearer token", true);
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (Exception e) {
      throw new InvalidTokenException("token signature or format rejected", true);
    }
    Instant now = clock.instant();
    Duration skew = settings.skew();
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new InvalidTokenException("token issuer is not trusted", true);
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || !exp.toInstant().plus(skew).isAfter(now)) {
      throw new InvalidTokenException("token expired", true);
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
      throw new InvalidTokenException("token not valid yet", true);
    }
    Date iat = claims.getIssueTime();
    if (iat != null && iat.toInstant().minus(skew).isAfter(now)) {
      throw new InvalidTokenException("token issued in the future", true);
    }
    List<String> audiences = claims.getAudience();
    String audience =
        audiences == null
            ? null
            : audiences.stream()
                .filter(
                    a -> settings.resource().admits(a, server) || settings.audiences().contains(a))
                .findFirst()
                .orElse(null);
    if (audience == null) {
      throw new InvalidTokenException("token is for another audience", true);
    }
    Object user = claims.getClaim(settings.userClaim());
    if (!(user instanceof String userId) || userId.isBlank()) {
      throw new InvalidTokenException("token names no user", true);
    }
    String clientId = null;
    for (String c : settings.clientIdClaims()) {
      if (claims.getClaim(c) instanceof String s && !s.isBlank()) {
        clientId = s;
        break;
      }
    }
    if (clientId == null) {
      throw new InvalidTokenException("token names no client", true);
    }
    VerifiedToken verified =
        new VerifiedToken(
            userId,
            strings(claims.getClaim(settings.groupsClaim())),
            clientId,
            scopes(claims),
            audience,
            claims.getClaim("grant_id") instanceof String g ? g : null,
            iat == null ? null : iat.toInstant(),
            exp.toInstant(),
            claims.getClaim("name") instanceof String n ? n : null,
            claims.getClaim("email") instanceof String m ? m : null);
    if (revocation.isRevoked(verified)) {
      throw new TokenRevokedException(verified);
    }
    return verified;
  }

  /** Throws {@link InsufficientScopeException} unless the token carries {@code scope}. */
  public static void requireScope(VerifiedToken token, String scope) {
    if (scope != null && !token.hasScope(scope)) {
      throw new InsufficientScopeException(scope);
    }
  }

  /** The {@code WWW-Authenticate} value for a refusal of a request to {@code server}. */
  public String challenge(String server, RuntimeException failure, String scope) {
    String metadata = settings.resource().metadataUrl(server == null ? "" : "/mcp/" + server);
    if (failure instanceof InsufficientScopeException e) {
      return BearerChallenge.insufficientScope(metadata, e.requiredScope());
    }
    if (failure instanceof InvalidTokenException e && e.tokenPresented()) {
      return BearerChallenge.invalidToken(metadata, e.getMessage());
    }
    return BearerChallenge.missingToken(metadata, scope);
  }

  private static Set<String> scopes(JWTClaimsSet claims) {
    Set<String> out = new LinkedHashSet<>();
    Object scope = claims.getClaim("scope");
    if (scope instanceof String s) {
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    out.addAll(strings(claims.getClaim("scp")));
    return out;
  }

  private static Set<String> strings(Object value) {
    Set<String> out = new HashSet<>();
    if (value instanceof Collection<?> c) {
      c.forEach(v -> out.add(String.valueOf(v)));
    } else if (value instanceof String s) {
      out.add(s);
    }
    return out;
  }
}
