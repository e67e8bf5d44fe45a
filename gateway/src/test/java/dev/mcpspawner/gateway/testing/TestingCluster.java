package dev.mcpspawner.gateway.testing;

import dev.mcpspawner.crds.Access;
import dev.mcpspawner.crds.Credential;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.testing.ApiCallRecorder;
import dev.mcpspawner.testing.MockKubernetesApi;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.function.Consumer;

/**
 * A Kubernetes API for one test class: the fabric8 mock in CRUD mode on loopback, with the
 * generated CRDs registered (so status is a subresource), a small McpServer catalog and a {@link
 * TestingOperator}.
 */
public final class TestingCluster implements AutoCloseable {
  public static final String NAMESPACE = "mcp-sessions";

  /** Servers in the catalog; {@code broken} fails, {@code stuck} never becomes Ready. */
  public static final List<String> SERVERS =
      List.of(
          "echo",
          "other",
          TestingOperator.MEMORY,
          TestingOperator.EVERYTHING,
          TestingOperator.PROBE,
          TestingOperator.EVERYTHING_HTTP,
          TestingOperator.SHARED,
          TestingOperator.BROKEN,
          TestingOperator.STUCK);

  private final MockKubernetesApi api = MockKubernetesApi.builder().mcpSpawnerCrds().start();

  /** The mock API's URL, for a gateway in another process. */
  public String apiUrl() {
    return api.url();
  }

  private static final java.util.concurrent.atomic.AtomicInteger CLUSTERS =
      new java.util.concurrent.atomic.AtomicInteger();

  private final KubernetesClient client;
  private final TestingOperator operator;

  /** Every call of the gateways' clients, with names for Secrets (the chart's GatewayRbacTest). */
  private final ApiCallRecorder recorder =
      new ApiCallRecorder(java.util.Set.of("secrets", "leases"));

  private final List<KubernetesClient> gatewayClients =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public TestingCluster() {
    client = api.client();
    for (String name : SERVERS) {
      client.resource(catalogEntry(name)).create();
    }
    operator = new TestingOperator(client, NAMESPACE);
  }

  private static McpServer catalogEntry(String name) {
    McpServer s = new McpServer();
    s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    McpServerSpec spec = new McpServerSpec();
    spec.setCommand("npx");
    s.setSpec(spec);
    return s;
  }

  /** Adds a catalog server whose sessions need these per-user credentials. */
  public McpServer addServerWithCredentials(String name, List<Credential> credentials) {
    McpServer s = catalogEntry(name);
    s.getSpec().setCredentials(credentials);
    return client.resource(s).create();
  }

  /** Adds a catalog server open only to these users and groups; delete it when done. */
  public McpServer addRestrictedServer(String name, List<String> users, List<String> groups) {
    McpServer s = catalogEntry(name);
    Access access = new Access();
    access.setUsers(users);
    access.setGroups(groups);
    s.getSpec().setAccess(access);
    return client.resource(s).create();
  }

  /** The test's own client: its calls are not recorded. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A client for a gateway under test: every call it makes is recorded, and written to {@code
   * target/api-calls} when the cluster closes, for the chart's RBAC test.
   */
  public KubernetesClient gatewayClient() {
    KubernetesClient c = api.newClient(recorder);
    gatewayClients.add(c);
    return c;
  }

  public TestingOperator operator() {
    return operator;
  }

  public List<McpSession> sessions() {
    return client.resources(McpSession.class).inNamespace(NAMESPACE).list().getItems();
  }

  /** Takes the API server away, as a lost control plane does; the client stays as it is. */
  public void stopApi() {
    api.stop();
  }

  /** "METHOD path" of every API request since the last call (in order). */
  public List<String> takeRequests() throws InterruptedException {
    List<String> requests = new java.util.ArrayList<>();
    for (var r = api.server().takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        r != null;
        r = api.server().takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      requests.add(r.getMethod() + " " + r.getPath());
    }
    return requests;
  }

  /** The McpUser of {@code subject} (by its slug), or null. */
  public McpUser user(String subject) {
    return userNamed(Names.userSlug(subject));
  }

  /** The McpUser called {@code name}, or null. */
  public McpUser userNamed(String name) {
    return client.resources(McpUser.class).inNamespace(NAMESPACE).withName(name).get();
  }

  public List<McpUser> users() {
    return client.resources(McpUser.class).inNamespace(NAMESPACE).list().getItems();
  }

  /** Edits the spec of the McpUser called {@code name}, as an administrator would. */
  public void editUserNamed(String name, Consumer<McpUserSpec> edit) {
    client
        .resources(McpUser.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .edit(
            u -> {
              edit.accept(u.getSpec());
              return u;
            });
  }

  /** The catalog entry called {@code name}, or null. */
  public McpServer server(String name) {
    return client.resources(McpServer.class).inNamespace(NAMESPACE).withName(name).get();
  }

  public McpSession session(String name) {
    return client.resources(McpSession.class).inNamespace(NAMESPACE).withName(name).get();
  }

  @Override
  public void close() {
    operator.close();
    gatewayClients.forEach(KubernetesClient::close);
    if (!recorder.calls().isEmpty()) {
      recorder.writeAs(
          "gateway-" + ProcessHandle.current().pid() + "-" + CLUSTERS.incrementAndGet());
    }
    api.close();
  }
}
