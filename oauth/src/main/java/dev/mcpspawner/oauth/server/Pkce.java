package dev.mcpspawner.oauth.server;

import dev.mcpspawner.oauth.store.Ids;
import java.util.Base64;
import java.util.regex.Pattern;

/** PKCE with S256 only (RFC 7636; OAuth 2.1 and MCP forbid {@code plain}). */
public final class Pkce {
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private Pkce() {}

  public static boolean isChallenge(String challenge) {
    return challenge != null && CHALLENGE.matcher(challenge).matches();
  }

  public static String challengeOf(String verifier) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Ids.sha256(verifier));
  }

  public static boolean verifies(String verifier, String challenge) {
    return verifier != null
        && VERIFIER.matcher(verifier).matches()
        && Ids.same(challengeOf(verifier), challenge);
  }
}
