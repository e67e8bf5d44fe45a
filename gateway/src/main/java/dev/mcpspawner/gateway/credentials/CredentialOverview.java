package dev.mcpspawner.gateway.credentials;

import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.gateway.session.ServerCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which credentials a user has set, server by server, for administrators: names and when they were
 * set, never a value. Only servers of the catalog that declare credentials are looked at, each by
 * its Secret's name (the gateway may not list Secrets).
 */
public record CredentialOverview(ServerCatalog servers, CredentialStore store) {
  /** One declared credential of a server, and whether (and when) the user set it. */
  public record Entry(String name, boolean required, boolean set, String setAt) {}

  /** A server that declares credentials, with the user's state of each. */
  public record ServerCredentials(String server, List<Entry> credentials) {}

  public List<ServerCredentials> of(String userSlug) {
    List<ServerCredentials> out = new ArrayList<>();
    for (McpServer server : servers.list()) {
      List<Credential> declared =
          server.getSpec() == null ? List.of() : server.getSpec().getCredentials();
      if (declared.isEmpty()) {
        continue;
      }
      String name = server.getMetadata().getName();
      Map<String, String> set = store.setAt(userSlug, name);
      List<Entry> entries = new ArrayList<>();
      for (Credential c : declared) {
        entries.add(
            new Entry(
                c.getName(), c.isRequired(), set.containsKey(c.getName()), set.get(c.getName())));
      }
      out.add(new ServerCredentials(name, entries));
    }
    out.sort(java.util.Comparator.comparing(ServerCredentials::server));
    return out;
  }

  /** Removes one; empty when the server does not declare that credential. */
  public Optional<Boolean> delete(String userSlug, String server, String name) {
    McpServer s = servers.get(server);
    if (s == null
        || s.getSpec() == null
        || s.getSpec().getCredentials().stream().noneMatch(c -> c.getName().equals(name))) {
      return Optional.empty();
    }
    return Optional.of(store.delete(userSlug, server, name));
  }
}
