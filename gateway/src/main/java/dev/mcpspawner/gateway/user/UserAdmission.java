package dev.mcpspawner.gateway.user;

import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.Principal;

/**
 * Authentication, then the caller's McpUser: made on first sight, a disabled user refused, their
 * groups and servers applied. Every route that acts for a user authenticates through this; the MCP
 * routes (those of one server) also take a token from the user's rate limit.
 */
public record UserAdmission(Authenticator credentials, UserDirectory users, RateLimiter rates)
    implements Authenticator {
  @Override
  public Principal authenticate(String authorizationHeader) {
    return users.admit(credentials.authenticate(authorizationHeader));
  }

  @Override
  public Principal authenticate(String authorizationHeader, String server) {
    Principal principal = users.admit(credentials.authenticate(authorizationHeader, server));
    rates.acquire(principal);
    return principal;
  }
}
