package dev.mcpspawner.gateway;

/** A browser request from an origin that is not allowed (DNS rebinding protection): HTTP 403. */
public class OriginRejectedException extends RuntimeException {
  public OriginRejectedException(String origin) {
    super("Origin not allowed: " + origin);
  }
}
