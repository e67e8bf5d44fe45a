package dev.mcpspawner.gateway.session;

/**
 * The session did not become Ready (Failed, deleted, or not within the spawn timeout); the message
 * says why and reaches the client as a JSON-RPC error.
 */
public class SpawnFailedException extends RuntimeException {
  public SpawnFailedException(String message) {
    super(message);
  }
}
