package dev.mcpspawner.gateway.credentials;

/** A credential request that names nothing settable or carries a bad value: HTTP 400. */
public class BadCredentialException extends RuntimeException {
  public BadCredentialException(String message) {
    super(message);
  }
}
