package dev.mcpspawner.gateway.user;

import dev.mcpspawner.gateway.auth.Principal;

/** The user's request rate is over their limit: HTTP 429 with {@code Retry-After}. */
public class RateLimitedException extends RuntimeException {
  private final transient Principal principal;
  private final long retryAfterSeconds;

  public RateLimitedException(Principal principal, long retryAfterSeconds) {
    super("Too many requests: try again in " + retryAfterSeconds + "s");
    this.principal = principal;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Principal principal() {
    return principal;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
