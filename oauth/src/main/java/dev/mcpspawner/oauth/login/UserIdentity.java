package dev.mcpspawner.oauth.login;

import java.util.List;

/**
 * A signed-in person: who the tokens will be about.
 *
 * @param userId the token's {@code sub}, and the gateway's user id
 * @param name display name, may be null
 * @param email may be null
 * @param groups group names (admin groups, server access)
 */
public record UserIdentity(String userId, String name, String email, List<String> groups) {
  public UserIdentity {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
