package dev.mcpspawner.gateway.auth;

import java.util.Set;

/**
 * Who is calling, as an {@link Authenticator} established it and their McpUser shaped it.
 *
 * @param userId the raw user id (becomes {@code spec.user}; its slug becomes the user label)
 * @param groups groups the user is in: the sign-in's and the McpUser's (admin groups see every
 *     session)
 * @param clientId the client identity that keys stateless sandboxes: the API key id, or the OAuth
 *     client id
 * @param servers McpServers the key or sign-in allows; empty means every server
 * @param userServers McpServers the user's McpUser allows; empty means every server
 */
public record Principal(
    String userId,
    Set<String> groups,
    String clientId,
    Set<String> servers,
    Set<String> userServers) {
  public Principal {
    groups = Set.copyOf(groups);
    servers = Set.copyOf(servers);
    userServers = Set.copyOf(userServers);
  }

  public Principal(String userId, Set<String> groups, String clientId, Set<String> servers) {
    this(userId, groups, clientId, servers, Set.of());
  }

  /** Both allow-lists apply: the key's (or sign-in's) and the user's own. */
  public boolean mayUse(String server) {
    return (servers.isEmpty() || servers.contains(server))
        && (userServers.isEmpty() || userServers.contains(server));
  }

  public boolean isInAny(Set<String> someGroups) {
    return someGroups.stream().anyMatch(groups::contains);
  }

  /** The same caller with the groups and server allow-list their McpUser adds. */
  public Principal withUserRules(Set<String> allGroups, Set<String> allowedServers) {
    return new Principal(userId, allGroups, clientId, servers, allowedServers);
  }
}
