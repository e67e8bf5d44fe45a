package dev.mcpspawner.gateway.testing;

import dev.mcpspawner.crds.ClientInfo;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionSpec;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.McpUserStatus;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.gateway.GatewayApp;
import dev.mcpspawner.gateway.GatewayConfig;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/**
 * A {@link TestingCluster} (its McpUser CRD has status as a subresource, as in a real cluster), a
 * gateway whose admin group is {@code mcp-admins} and whose public URL is its own (so the
 * dashboard's same-origin requests pass the origin check), and the writes an administrator with
 * kubectl and the operator would make.
 */
public final class TestingAdminCluster implements AutoCloseable {
  /** Where the operator's leader Lease is, as the chart's release namespace holds it. */
  public static final String LEASE_NAMESPACE = "mcp-system";

  public static final String LEASE_NAME = "mcp-spawner-operator";

  private final TestingCluster cluster = new TestingCluster();
  private final GatewayApp app;

  public TestingAdminCluster() {
    int port = freePort();
    GatewayConfig config =
        TestingGateway.baseConfig(port)
            .publicUrl("http://127.0.0.1:" + port)
            .adminGroups(Set.of("mcp-admins"))
            .userDefaults(UserDefaults.BUILT_IN)
            .operatorLease(LEASE_NAMESPACE + "/" + LEASE_NAME)
            .build();
    app = new GatewayApp(cluster.gatewayClient(), config, TestingKeys.authenticator()).start();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public GatewayApp app() {
    return app;
  }

  public String url() {
    return "http://127.0.0.1:" + app.port();
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public TestingCluster cluster() {
    return cluster;
  }

  /** Waits, up to 10 s, until the gateway's user directory has the McpUser named {@code name}. */
  public void awaitGatewayKnows(String name) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> app.users().byName(name).isPresent());
  }

  /** Creates or edits a McpUser as {@code kubectl apply} would; returns its name. */
  public String putUser(String subject, Consumer<McpUserSpec> edit) {
    String name = Names.userSlug(subject);
    McpUser existing =
        client()
            .resources(McpUser.class)
            .inNamespace(TestingCluster.NAMESPACE)
            .withName(name)
            .get();
    if (existing == null) {
      McpUser user = new McpUser();
      user.setMetadata(
          new ObjectMetaBuilder().withName(name).withNamespace(TestingCluster.NAMESPACE).build());
      user.setSpec(new McpUserSpec(subject));
      edit.accept(user.getSpec());
      client().resource(user).create();
    } else {
      client()
          .resources(McpUser.class)
          .inNamespace(TestingCluster.NAMESPACE)
          .withName(name)
          .edit(
              u -> {
                edit.accept(u.getSpec());
                return u;
              });
    }
    return name;
  }

  /** Writes the user's status as the operator does. */
  public void operatorReports(String name, Consumer<McpUserStatus> edit) {
    client()
        .resources(McpUser.class)
        .inNamespace(TestingCluster.NAMESPACE)
        .withName(name)
        .editStatus(
            u -> {
              if (u.getStatus() == null) {
                u.setStatus(new McpUserStatus());
              }
              edit.accept(u.getStatus());
              return u;
            });
  }

  public McpUser user(String name) {
    return client()
        .resources(McpUser.class)
        .inNamespace(TestingCluster.NAMESPACE)
        .withName(name)
        .get();
  }

  /**
   * Creates an McpSession as the gateway does for a stateful client; the testing operator then
   * plays it ({@code echo} Ready, {@code broken} Failed, {@code stuck} Starting).
   */
  public String addSession(String user, String server, String clientName) {
    McpSession s = session(user, server, clientName);
    client().resource(s).create();
    return s.getMetadata().getName();
  }

  /** A new session object as the gateway writes one (labels, spec), not yet in the API. */
  public static McpSession session(String user, String server, String clientName) {
    String name = Names.newSessionName();
    McpSession s = new McpSession();
    s.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(TestingCluster.NAMESPACE)
            .addToLabels(McpSpawner.LABEL_USER, Names.userSlug(user))
            .addToLabels(McpSpawner.LABEL_SERVER, server)
            .addToLabels(McpSpawner.LABEL_INSTANCE, name)
            .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
            .build());
    McpSessionSpec spec = new McpSessionSpec();
    spec.setUser(user);
    spec.setServer(server);
    spec.setClient(new ClientInfo(clientName, "1.0.0"));
    spec.setInstance(name);
    s.setSpec(spec);
    return s;
  }

  @Override
  public void close() {
    app.close();
    cluster.close();
  }
}
