package dev.mcpspawner.gateway.admin;

/** The caller is signed in but in none of the admin groups (403). */
public final class NotAdminException extends RuntimeException {
  public NotAdminException() {
    super("the admin API is for members of the admin groups");
  }
}
