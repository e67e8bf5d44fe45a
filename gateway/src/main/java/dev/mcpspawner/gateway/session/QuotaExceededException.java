package dev.mcpspawner.gateway.session;

/** Opening another session would take the user beyond their quota: HTTP 429. */
public class QuotaExceededException extends RuntimeException {
  public QuotaExceededException(String message) {
    super(message);
  }
}
