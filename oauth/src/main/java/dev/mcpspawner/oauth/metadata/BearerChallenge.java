package dev.mcpspawner.oauth.metadata;

/**
 * A {@code WWW-Authenticate: Bearer …} value (RFC 6750 §3, RFC 9728 §5.1): where the resource
 * metadata is, and on a failure the error and the scope that would do.
 */
public final class BearerChallenge {
  private final StringBuilder value = new StringBuilder("Bearer");
  private boolean first = true;

  private BearerChallenge() {}

  public static BearerChallenge withResourceMetadata(String resourceMetadataUrl) {
    return new BearerChallenge().param("resource_metadata", resourceMetadataUrl);
  }

  /** Without OAuth (API keys only): a realm and no metadata. */
  public static BearerChallenge withRealm(String realm) {
    return new BearerChallenge().param("realm", realm);
  }

  /** No token: the client should sign in (no error code, RFC 6750 §3.1). */
  public static String missingToken(String resourceMetadataUrl, String scope) {
    return withResourceMetadata(resourceMetadataUrl).param("scope", scope).toString();
  }

  public static String invalidToken(String resourceMetadataUrl, String description) {
    return withResourceMetadata(resourceMetadataUrl)
        .param("error", "invalid_token")
        .param("error_description", description)
        .toString();
  }

  public static String insufficientScope(String resourceMetadataUrl, String scope) {
    return withResourceMetadata(resourceMetadataUrl)
        .param("error", "insufficient_scope")
        .param("scope", scope)
        .toString();
  }

  public BearerChallenge param(String name, String v) {
    if (v == null) {
      return this;
    }
    value.append(first ? " " : ", ").append(name).append("=\"").append(quote(v)).append('"');
    first = false;
    return this;
  }

  /** quoted-string: no CR/LF, quotes and backslashes escaped. */
  private static String quote(String v) {
    return v.replaceAll("[\\r\\n]", " ").replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
