package dev.mcpspawner.gateway.credentials;

/** A session of the server needs a credential the user has not set: nothing is created. */
public class CredentialMissingException extends RuntimeException {
  public CredentialMissingException(String message) {
    super(message);
  }
}
