package dev.mcpspawner.gateway.relay;

/** The session's runner could not be reached, or did not answer in time. */
public class UpstreamException extends RuntimeException {
  private final boolean timeout;

  public UpstreamException(String message, boolean timeout) {
    super(message);
    this.timeout = timeout;
  }

  public boolean isTimeout() {
    return timeout;
  }
}
