package dev.mcpspawner.gateway.auth;

import java.util.Set;

/**
 * Who is calling, as an {@link Authenticator} established it.
 *
 * @param userId the raw user id (becomes {@code spec.user}; its slug becomes the user label)
 * @param groups groups the user is in (admin groups see every session)
 * @param clientId the client identity that keys stateless sandboxes: the API key id here, the OAuth
 *     client id once OAuth arrives
 * @param servers McpServers this principal may use; empty means every server
 */
public record Principal(String userId, Set<String> groups, String clientId, Set<String> servers) {
  public Principal {
    groups = Set.copyOf(groups);
    servers = Set.copyOf(servers);
  }

  public boolean mayUse(String server) {
    return servers.isEmpty() || servers.contains(server);
  }

  public boolean isInAny(Set<String> someGroups) {
    return someGroups.stream().anyMatch(groups::contains);
  }
}
