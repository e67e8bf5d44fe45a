package dev.mcpspawner.gateway.user;

import dev.mcpspawner.gateway.auth.Principal;

/** The user's McpUser is disabled: HTTP 403, before anything is created. */
public class UserDisabledException extends RuntimeException {
  private final transient Principal principal;

  public UserDisabledException(Principal principal) {
    super("This user is disabled: ask an administrator to enable it again");
    this.principal = principal;
  }

  /** Who was refused (authenticated, but not admitted). */
  public Principal principal() {
    return principal;
  }
}
