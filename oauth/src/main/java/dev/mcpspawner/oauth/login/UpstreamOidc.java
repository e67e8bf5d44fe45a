package dev.mcpspawner.oauth.login;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Sign-in through the organisation's OIDC provider: authorization code with PKCE to it, the ID
 * token checked (signature, issuer, audience, nonce, expiry), and its claims mapped to a {@link
 * UserIdentity}. The provider's endpoints come from its discovery document.
 */
public final class UpstreamOidc {
  /**
   * @param issuer the provider's issuer URL (discovery at {@code
   *     /.well-known/openid-configuration})
   * @param clientId the gateway's client at the provider
   * @param clientSecret its secret
   * @param displayName the button label ("Sign in with …")
   * @param userClaim the claim that becomes the user id ({@code email} falls back to {@code sub})
   * @param groupsClaim the claim holding group names
   */
  public record Settings(
      String issuer,
      String clientId,
      String clientSecret,
      String displayName,
      String userClaim,
      String groupsClaim) {
    public Settings {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(clientId, "clientId");
      displayName = displayName == null ? "your organisation" : displayName;
      userClaim = userClaim == null ? "sub" : userClaim;
      groupsClaim = groupsClaim == null ? "groups" : groupsClaim;
    }
  }

  /** What the login page must remember while the user is at the provider. */
  public record Start(URI authorizationUrl, String state, String nonce, String codeVerifier) {}

  private final Settings settings;
  private volatile OIDCProviderMetadata provider;
  private volatile JWKSource<SecurityContext> providerKeys;

  public UpstreamOidc(Settings settings) {
    this.settings = settings;
  }

  public String displayName() {
    return settings.displayName();
  }

  public Start begin(URI callback, String state) {
    OIDCProviderMetadata p = provider();
    CodeVerifier verifier = new CodeVerifier();
    Nonce nonce = new Nonce();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                new ResponseType("code"),
                new Scope("openid", "profile", "email"),
                new ClientID(settings.clientId()),
                callback)
            .endpointURI(p.getAuthorizationEndpointURI())
            .state(new State(state))
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    return new Start(request.toURI(), state, nonce.getValue(), verifier.getValue());
  }

  public UserIdentity finish(String code, URI callback, String codeVerifier, String nonce) {
    OIDCProviderMetadata p = provider();
    JWKSource<SecurityContext> keys = providerKeys;
    try {
      TokenRequest request =
          new TokenRequest(
              p.getTokenEndpointURI(),
              new ClientSecretBasic(
                  new ClientID(settings.clientId()), new Secret(settings.clientSecret())),
              new AuthorizationCodeGrant(
                  new AuthorizationCode(code), callback, new CodeVerifier(codeVerifier)));
      TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
      if (!response.indicatesSuccess()) {
        throw new UpstreamLoginException(
            "the identity provider refused the code: "
                + response.toErrorResponse().getErrorObject().getCode());
      }
      OIDCTokenResponse ok = (OIDCTokenResponse) response.toSuccessResponse();
      // Asymmetric algorithms only: an ID token "signed" with HMAC over a public value proves
      // nothing.
      IDTokenValidator validator =
          new IDTokenValidator(
              p.getIssuer(),
              new ClientID(settings.clientId()),
              new JWSVerificationKeySelector<SecurityContext>(AccessTokenVerifier.ASYMMETRIC, keys),
              null);
      validator.setMaxClockSkew(60);
      JWTClaimsSet claims =
          validator.validate(ok.getOIDCTokens().getIDToken(), new Nonce(nonce)).toJWTClaimsSet();
      return identity(claims);
    } catch (UpstreamLoginException e) {
      throw e;
    } catch (Exception e) {
      throw new UpstreamLoginException(
          "sign-in at the identity provider failed: " + e.getMessage(), e);
    }
  }

  UserIdentity identity(JWTClaimsSet claims) {
    Object id = claims.getClaim(settings.userClaim());
    if (id == null && "email".equals(settings.userClaim())) {
      id = claims.getSubject();
    }
    if (id == null) {
      throw new UpstreamLoginException("the ID token has no " + settings.userClaim() + " claim");
    }
    if ("email".equals(settings.userClaim())
        && Boolean.FALSE.equals(claims.getClaim("email_verified"))) {
      // An unverified address would let anyone who can type it into the IdP become its owner.
      throw new UpstreamLoginException("the identity provider has not verified the email address");
    }
    List<String> groups = new ArrayList<>();
    Object g = claims.getClaim(settings.groupsClaim());
    if (g instanceof Collection<?> c) {
      c.forEach(x -> groups.add(String.valueOf(x)));
    } else if (g instanceof String s) {
      groups.add(s);
    }
    return new UserIdentity(
        String.valueOf(id),
        (String) claims.getClaim("name"),
        (String) claims.getClaim("email"),
        groups);
  }

  private OIDCProviderMetadata provider() {
    OIDCProviderMetadata p = provider;
    if (p == null) {
      try {
        p = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), 5000, 5000);
      } catch (Exception e) {
        throw new UpstreamLoginException("cannot discover " + settings.issuer(), e);
      }
      try {
        providerKeys = JWKSourceBuilder.create(p.getJWKSetURI().toURL()).retrying(true).build();
      } catch (java.net.MalformedURLException e) {
        throw new UpstreamLoginException("bad jwks_uri at " + settings.issuer(), e);
      }
      provider = p;
    }
    return p;
  }
}
