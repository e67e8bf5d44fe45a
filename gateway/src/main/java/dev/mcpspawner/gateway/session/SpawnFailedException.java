package dev.mcpspawner.gateway.session;

/**
 * The session did not become Ready (Failed, deleted, or not within the spawn timeout); the message
 * says why and reaches the client as a JSON-RPC error.
 */
public class SpawnFailedException extends RuntimeException {
  private final String reason;

  public SpawnFailedException(String message) {
    this(message, null);
  }

  /**
   * @param reason the Failed session's {@code status.reason} (e.g. QuotaExceeded), or null
   */
  public SpawnFailedException(String message, String reason) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
