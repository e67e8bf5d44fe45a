package dev.mcpspawner.oauth.client;

import java.util.List;

/**
 * A client the authorization server knows: registered through RFC 7591, or described by the
 * metadata document its URL client id points at.
 *
 * @param clientId the client id ({@code https://…} for a metadata document)
 * @param clientName shown on the consent page
 * @param redirectUris exact redirect URIs
 * @param tokenEndpointAuthMethod {@code none}, {@code client_secret_basic} or {@code
 *     client_secret_post}
 * @param clientSecretHash SHA-256 of the client secret of a confidential client, else null
 * @param clientUri the client's home page, shown on the consent page when present
 * @param metadataDocument whether the client is a Client ID Metadata Document
 */
public record ClientRegistration(
    String clientId,
    String clientName,
    List<String> redirectUris,
    String tokenEndpointAuthMethod,
    String clientSecretHash,
    String clientUri,
    boolean metadataDocument) {

  public ClientRegistration {
    redirectUris = List.copyOf(redirectUris);
  }

  public boolean isPublic() {
    return "none".equals(tokenEndpointAuthMethod);
  }

  /** Exact string match, as OAuth 2.1 requires. */
  public boolean allowsRedirect(String redirectUri) {
    return redirectUri != null && redirectUris.contains(redirectUri);
  }

  /** The name to show: the client name, else the host of its URL id. */
  public String displayName() {
    return clientName == null || clientName.isBlank() ? clientId : clientName;
  }
}
