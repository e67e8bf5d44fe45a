package dev.mcpspawner.gateway.credentials;

import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.auth.Principal;
import dev.mcpspawner.gateway.session.SessionAdmission;
import java.util.List;
import java.util.Map;

/**
 * A session of a server that declares required credentials starts only once the user has set them
 * all; otherwise the client is told which are missing and where to set them.
 */
public final class CredentialCheck implements SessionAdmission {
  private final CredentialStore store;
  private final String accountUrl;

  /**
   * @param accountUrl where users set their credentials (the gateway's {@code /account})
   */
  public CredentialCheck(CredentialStore store, String accountUrl) {
    this.store = store;
    this.accountUrl = accountUrl;
  }

  @Override
  public void checkNewSession(Principal principal, McpServer server) {
    List<Credential> declared =
        server.getSpec() == null ? List.of() : server.getSpec().getCredentials();
    List<Credential> required = declared.stream().filter(Credential::isRequired).toList();
    if (required.isEmpty()) {
      return;
    }
    String serverName = server.getMetadata().getName();
    Map<String, String> set = store.setAt(Names.userSlug(principal.userId()), serverName);
    List<Credential> missing =
        required.stream().filter(c -> !set.containsKey(c.getName())).toList();
    if (missing.isEmpty()) {
      return;
    }
    StringBuilder message =
        new StringBuilder("MCP server ").append(serverName).append(" needs your ");
    for (int i = 0; i < missing.size(); i++) {
      Credential c = missing.get(i);
      message.append(i == 0 ? "" : ", ").append(c.getName());
      if (c.getDescription() != null && !c.getDescription().isBlank()) {
        message.append(" (").append(c.getDescription().strip()).append(")");
      }
    }
    message.append(": set it at ").append(accountUrl).append(" and connect again");
    throw new CredentialMissingException(message.toString());
  }
}
