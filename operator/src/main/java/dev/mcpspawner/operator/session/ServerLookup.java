package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.operator.events.EventReason;
import dev.mcpspawner.operator.server.McpServerValidator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;

/** Finds the McpServer a session names and says whether a pod can be built from it. */
final class ServerLookup {

  /** The server (when it exists), and why no pod can be built from it (when one cannot). */
  record Resolution(McpServer server, EventReason failure, String message) {
    boolean usable() {
      return failure == null;
    }

    Optional<McpServer> found() {
      return Optional.ofNullable(server);
    }
  }

  Resolution resolve(McpSession session, Context<McpSession> context) {
    String name = session.getSpec().getServer();
    Optional<McpServer> server =
        context.getSecondaryResource(McpServer.class).or(() -> fetch(session, context));
    if (server.isEmpty()) {
      return new Resolution(
          null,
          EventReason.ServerNotFound,
          "McpServer '" + name + "' does not exist in namespace " + namespace(session));
    }
    List<String> problems = McpServerValidator.problems(server.get().getSpec());
    if (!problems.isEmpty()) {
      return new Resolution(
          server.get(),
          EventReason.ServerInvalid,
          "McpServer '" + name + "' is invalid: " + String.join("; ", problems));
    }
    return new Resolution(server.get(), null, null);
  }

  /** The informer may lag behind a server created just before the session: ask once. */
  private static Optional<McpServer> fetch(McpSession session, Context<McpSession> context) {
    return Optional.ofNullable(
        context
            .getClient()
            .resources(McpServer.class)
            .inNamespace(namespace(session))
            .withName(session.getSpec().getServer())
            .get());
  }

  private static String namespace(McpSession session) {
    return session.getMetadata().getNamespace();
  }
}
