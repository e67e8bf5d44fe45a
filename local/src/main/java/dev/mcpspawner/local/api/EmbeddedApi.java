package dev.mcpspawner.local.api;

import dev.mcpspawner.crds.McpSession;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The Kubernetes API of local mode: the fabric8 mock server in CRUD mode on loopback, with the
 * mcp-spawner CRDs registered (so {@code /status} is a subresource) and discovery documents for
 * kubectl. It keeps everything in memory: a restart of local mode starts from an empty API.
 */
public final class EmbeddedApi implements AutoCloseable {
  private static final String[] CRDS = {
    "mcpsessions.mcpspawner.dev-v1.yml",
    "mcpservers.mcpspawner.dev-v1.yml",
    "mcpusers.mcpspawner.dev-v1.yml"
  };
  // Held strongly: java.util.logging forgets levels of loggers nobody references.
  private static final java.util.logging.Logger QUIET = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private EmbeddedApi(int port) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String file : CRDS) {
      crds.add(load(file));
    }
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new Discovery(responses, crds),
            false);
    server.init(InetAddress.getLoopbackAddress(), port);
    client = server.createClient();
    crds.forEach(crd -> client.resource(crd).create());
    answerRulesReview();
  }

  /** Starts the API on {@code port} of loopback (0: any free port). */
  public static EmbeddedApi start(int port) {
    return new EmbeddedApi(port);
  }

  /** A client for one component; each gets its own, as separate processes would. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** The client local mode itself uses (catalog, namespace); closed with the API. */
  public KubernetesClient client() {
    return client;
  }

  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  public void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** Writes a kubeconfig for the embedded API (no credentials: it accepts anyone on loopback). */
  public Path writeKubeconfig(Path file, String namespace) throws IOException {
    String yaml =
        """
        # Local mode's embedded Kubernetes API (fabric8 mock server, in memory, for evaluation
        # and tests only). Rewritten on every start: the port changes.
        apiVersion: v1
        kind: Config
        clusters:
          - name: mcp-spawner-local
            cluster:
              server: %s
        users:
          - name: local
            user: {}
        contexts:
          - name: mcp-spawner-local
            context:
              cluster: mcp-spawner-local
              user: local
              namespace: %s
        current-context: mcp-spawner-local
        """
            .formatted(url(), namespace);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, yaml);
    return file;
  }

  /** The configuration a client in another process would use. */
  public Config config() {
    return client.getConfiguration();
  }

  private static CustomResourceDefinition load(String file) {
    try (InputStream in = McpSession.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + file + " is not on the class path");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * JOSDK asks with a SelfSubjectRulesReview whether it may use Leases; the mock cannot evaluate
   * RBAC, so it answers as the chart's Role would.
   */
  private void answerRulesReview() {
    var review =
        new SelfSubjectRulesReviewBuilder()
            .withNewMetadata()
            .endMetadata()
            .withNewStatus()
            .addNewResourceRule()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withVerbs("get", "create", "update")
            .endResourceRule()
            .withIncomplete(false)
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  private static java.util.logging.Logger quiet(String name) {
    var logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
