package dev.mcpspawner.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The fabric8 mock Kubernetes API on loopback, as every module's tests and local mode start it: a
 * CRUD store that also answers expectations ({@link #server()}), Events selected by {@code
 * involvedObject.name} ({@link SelectingDispatcher}), and, when asked, the mcp-spawner CRDs
 * registered (so {@code /status} is a subresource) and the SelfSubjectRulesReview JOSDK asks before
 * it runs for leader.
 */
public final class MockKubernetesApi implements AutoCloseable {
  /** The CRDs the crds module generates, as they are on the class path. */
  public static final List<String> MCP_SPAWNER_CRDS =
      List.of(
          "mcpsessions.mcpspawner.dev-v1.yml",
          "mcpservers.mcpspawner.dev-v1.yml",
          "mcpusers.mcpspawner.dev-v1.yml");

  // Held strongly: java.util.logging forgets levels of loggers nobody references.
  private static final Logger QUIET = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockKubernetesApi(Builder b) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            b.dispatcher.apply(responses, b.crds),
            false);
    server.init(InetAddress.getLoopbackAddress(), b.port);
    client = server.createClient();
    b.crds.forEach(crd -> client.resource(crd).create());
    if (b.leaseRulesReview) {
      answerLeaseRulesReview();
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The mcp-spawner CRDs from the class path (the crds module must be on it). */
  public static List<CustomResourceDefinition> mcpSpawnerCrds() {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String file : MCP_SPAWNER_CRDS) {
      try (InputStream in =
          MockKubernetesApi.class
              .getClassLoader()
              .getResourceAsStream("META-INF/fabric8/" + file)) {
        if (in == null) {
          throw new IllegalStateException("CRD " + file + " is not on the class path");
        }
        crds.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return crds;
  }

  /**
   * JOSDK checks with a SelfSubjectRulesReview that it may use Leases before it runs for leader;
   * the mock cannot evaluate RBAC, so it answers as the chart's Role would.
   */
  private void answerLeaseRulesReview() {
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

  /** The client of whoever started the API (a test, local mode); closed with the API. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client, as a component in a process of its own would have; the caller closes it. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** A fresh client whose every call passes {@code recorder} first (an {@link ApiCallRecorder}). */
  public KubernetesClient newClient(Interceptor recorder) {
    return server.createClient(
        b ->
            b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("api-calls", recorder)));
  }

  /** For expectations that the CRUD store cannot express (answered before it), and requests. */
  public KubernetesMockServer server() {
    return server;
  }

  /** The API's URL, for a component in another process. */
  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** The configuration a client in another process would use. */
  public Config config() {
    return client.getConfiguration();
  }

  /** Takes the API server away, as a lost control plane does; clients stay as they are. */
  public void stop() {
    server.destroy();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  public static final class Builder {
    private int port;
    private List<CustomResourceDefinition> crds = List.of();
    private boolean leaseRulesReview;
    private BiFunction<
            Map<ServerRequest, Queue<ServerResponse>>, List<CustomResourceDefinition>, Dispatcher>
        dispatcher = (responses, crds) -> new SelectingDispatcher(responses);

    private Builder() {}

    /** The loopback port to listen on; 0 (the default) takes any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** Registers the mcp-spawner CRDs ({@link #mcpSpawnerCrds()}). */
    public Builder mcpSpawnerCrds() {
      this.crds = MockKubernetesApi.mcpSpawnerCrds();
      return this;
    }

    /** Answers JOSDK's SelfSubjectRulesReview for Leases, as the chart's Role would. */
    public Builder leaseRulesReview() {
      this.leaseRulesReview = true;
      return this;
    }

    /**
     * Serves with another dispatcher, made from the expectations' store and the CRDs registered (a
     * {@link SelectingDispatcher} subclass keeps the CRUD store and the Event selection).
     */
    public Builder dispatcher(
        BiFunction<
                Map<ServerRequest, Queue<ServerResponse>>,
                List<CustomResourceDefinition>,
                Dispatcher>
            dispatcher) {
      this.dispatcher = dispatcher;
      return this;
    }

    public MockKubernetesApi start() {
      return new MockKubernetesApi(this);
    }
  }
}
