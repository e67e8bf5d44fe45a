package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.gateway.auth.Principal;
import java.util.List;

/** A rule a new session must pass before its McpSession is created; throws when it does not. */
@FunctionalInterface
public interface SessionAdmission {
  SessionAdmission NONE = (principal, server) -> {};

  void checkNewSession(Principal principal, McpServer server);

  /** Every rule in turn. */
  static SessionAdmission all(List<SessionAdmission> rules) {
    List<SessionAdmission> copy = List.copyOf(rules);
    return (principal, server) -> copy.forEach(r -> r.checkNewSession(principal, server));
  }
}
