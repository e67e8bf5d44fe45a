package dev.mcpspawner.oauth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mcpspawner.oauth.login.UserIdentity;
import dev.mcpspawner.oauth.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints access tokens: ES256 JWTs in the RFC 9068 profile ({@code typ: at+jwt}) carrying the
 * issuer, the one resource they are for as {@code aud}, the user, the client, scope, groups and the
 * grant they came from (so revoking the grant revokes them).
 */
public record TokenIssuer(String issuer, SigningKeys keys, Clock clock, Duration ttl) {
  public static final String CLAIM_GRANT = "grant_id";
  public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

  public String mint(
      UserIdentity user, String clientId, String scope, String resource, String grantId) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(resource)
            .subject(user.userId())
            .claim("client_id", clientId)
            .claim("scope", scope)
            .claim("groups", user.groups())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(Ids.id())
            .claim(CLAIM_GRANT, grantId);
    if (user.name() != null) {
      claims.claim("name", user.name());
    }
    if (user.email() != null) {
      claims.claim("email", user.email());
    }
    ECKey key = keys.signingKey();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(AT_JWT).build(),
            claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return jwt.serialize();
  }
}
