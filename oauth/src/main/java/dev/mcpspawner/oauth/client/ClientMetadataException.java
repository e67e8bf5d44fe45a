package dev.mcpspawner.oauth.client;

/** A client could not be identified: an unusable metadata document or registration. */
public class ClientMetadataException extends RuntimeException {
  public ClientMetadataException(String message) {
    super(message);
  }

  public ClientMetadataException(String message, Throwable cause) {
    super(message, cause);
  }
}
