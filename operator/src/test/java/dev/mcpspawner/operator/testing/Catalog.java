package dev.mcpspawner.operator.testing;

import dev.mcpspawner.crds.ClientInfo;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionSpec;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.Storage;
import dev.mcpspawner.crds.UserQuota;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** McpServers, McpSessions and McpUsers as the examples and the gateway would write them. */
public final class Catalog {
  private Catalog() {}

  /** The memory server of the seed's config, with per-user data on the home volume. */
  public static McpServer memory(String namespace) {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    spec.setArgs(List.of("-y", "@modelcontextprotocol/server-memory"));
    spec.setEnv(Map.of("MEMORY_FILE_PATH", "{USER_DIR}/memory/{INSTANCE_TYPE}.json"));
    spec.setStorage(new Storage());
    return server(namespace, "memory", spec);
  }

  /** A server without storage. */
  public static McpServer everything(String namespace) {
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    spec.setArgs(List.of("-y", "@modelcontextprotocol/server-everything"));
    return server(namespace, "everything", spec);
  }

  public static McpServer server(String namespace, String name, McpServerSpec spec) {
    McpServer server = new McpServer();
    server.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    server.setSpec(spec);
    return server;
  }

  public static McpSession session(String namespace, String user, String server) {
    return session(namespace, Names.newSessionName(), user, server, "claude-ai");
  }

  public static McpSession session(
      String namespace, String name, String user, String server, String clientName) {
    McpSession session = new McpSession();
    session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    session
        .getMetadata()
        .setLabels(new java.util.HashMap<>(Map.of(McpSpawner.LABEL_USER, Names.userSlug(user))));
    McpSessionSpec spec = new McpSessionSpec(user, server);
    spec.setClient(new ClientInfo(clientName, "1.0"));
    spec.setInstance(name);
    session.setSpec(spec);
    return session;
  }

  /** A user as just-in-time creation writes them, with {@code quota} (null: the defaults). */
  public static McpUser user(String namespace, String subject, UserQuota quota) {
    McpUser user = new McpUser();
    user.setMetadata(
        new ObjectMetaBuilder().withName(Names.userSlug(subject)).withNamespace(namespace).build());
    McpUserSpec spec = new McpUserSpec(subject);
    spec.setQuota(quota);
    user.setSpec(spec);
    return user;
  }
}
