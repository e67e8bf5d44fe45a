package dev.mcpspawner.oauth.client;

/** Registration is closed for now (a limit is reached): HTTP 503 for the client to retry later. */
public class RegistrationRefusedException extends RuntimeException {
  public RegistrationRefusedException(String message) {
    super(message);
  }
}
