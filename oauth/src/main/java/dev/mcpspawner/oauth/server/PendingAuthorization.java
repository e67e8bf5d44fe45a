package dev.mcpspawner.oauth.server;

import dev.mcpspawner.oauth.login.UserIdentity;

/**
 * An authorization request between {@code /oauth/authorize} and the consent answer, stored so that
 * any replica can serve the next page.
 *
 * @param browserHash hash of the cookie that ties the request to the browser that started it
 * @param csrf the token every form of this request carries
 * @param user who signed in, null until someone has
 * @param upstreamState the state sent to the upstream provider, null unless federating
 * @param failedLogins wrong passwords so far; the request is dropped after a few
 */
public record PendingAuthorization(
    String clientId,
    String clientName,
    String redirectUri,
    String state,
    String codeChallenge,
    String resource,
    String scope,
    String browserHash,
    String csrf,
    UserIdentity user,
    String upstreamState,
    String upstreamNonce,
    String upstreamVerifier,
    int failedLogins) {

  public PendingAuthorization withUser(UserIdentity signedIn) {
    return with(signedIn, null, null, null, failedLogins);
  }

  public PendingAuthorization withUpstream(String upState, String nonce, String verifier) {
    return with(user, upState, nonce, verifier, failedLogins);
  }

  public PendingAuthorization withFailedLogin() {
    return with(user, upstreamState, upstreamNonce, upstreamVerifier, failedLogins + 1);
  }

  /** This request with what sign-in changes; what the client asked for stays. */
  private PendingAuthorization with(
      UserIdentity signedIn, String upState, String nonce, String verifier, int failures) {
    return new PendingAuthorization(
        clientId,
        clientName,
        redirectUri,
        state,
        codeChallenge,
        resource,
        scope,
        browserHash,
        csrf,
        signedIn,
        upState,
        nonce,
        verifier,
        failures);
  }
}
