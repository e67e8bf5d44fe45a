package dev.mcpspawner.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * How the built-in authorization server behaves. Defaults follow the issue: one-hour access tokens,
 * one-minute codes, rotating refresh tokens.
 *
 * @param publicUrl the gateway's external URL without a trailing slash; it is both the issuer and
 *     the base resource ({@code <publicUrl>/mcp/<server>} are the per-server resources)
 * @param accessTokenTtl lifetime of access tokens
 * @param codeTtl lifetime of authorization codes
 * @param refreshTokenTtl lifetime of a grant (its refresh tokens); each rotation restarts it
 * @param requestTtl how long a user may take on the login and consent pages
 * @param keyRotation age after which a new signing key is made; old keys stay published for another
 *     {@code keyRotation} so tokens in flight stay valid
 * @param allowLoopbackClientMetadata test setting: let Client ID Metadata Documents live on
 *     loopback addresses (never in production: it opens SSRF to the gateway's own host)
 */
public record OAuthSettings(
    String publicUrl,
    Duration accessTokenTtl,
    Duration codeTtl,
    Duration refreshTokenTtl,
    Duration requestTtl,
    Duration keyRotation,
    boolean allowLoopbackClientMetadata) {

  /** The scope every MCP request needs. */
  public static final String SCOPE_MCP = "mcp";

  public OAuthSettings {
    Objects.requireNonNull(publicUrl, "publicUrl");
    publicUrl = publicUrl.replaceAll("/+$", "");
  }

  public static OAuthSettings defaults(String publicUrl) {
    return new OAuthSettings(
        publicUrl,
        Duration.ofHours(1),
        Duration.ofSeconds(60),
        Duration.ofDays(30),
        Duration.ofMinutes(10),
        Duration.ofDays(30),
        false);
  }

  public OAuthSettings withAllowLoopbackClientMetadata(boolean allow) {
    return new OAuthSettings(
        publicUrl, accessTokenTtl, codeTtl, refreshTokenTtl, requestTtl, keyRotation, allow);
  }

  public String issuer() {
    return publicUrl;
  }

  public boolean secureCookies() {
    return publicUrl.startsWith("https://");
  }
}
