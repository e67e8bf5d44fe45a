package dev.mcpspawner.oauth.client;

import dev.mcpspawner.oauth.store.Ids;
import java.util.Optional;

/** Finds the client behind a client id, whichever way it registered, and checks its secret. */
public record ClientRegistry(
    ClientMetadataDocuments documents, DynamicRegistrations registrations) {
  /** The client, or empty when the id names nothing usable. */
  public Optional<ClientRegistration> find(String clientId) {
    if (ClientMetadataDocuments.isUrlClientId(clientId)) {
      return Optional.of(documents.resolve(clientId));
    }
    return registrations.find(clientId);
  }

  /** Whether the presented secret (null for public clients) authenticates this client. */
  public static boolean authenticates(ClientRegistration client, String secret) {
    if (client.isPublic()) {
      return secret == null;
    }
    return secret != null && Ids.same(client.clientSecretHash(), Ids.hash(secret));
  }
}
