package dev.mcpspawner.operator.testing;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.testing.ApiCallRecorder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * The Fabric8 mock API server in CRUD mode on loopback, with the mcp-spawner CRDs registered (so
 * {@code /status} is a subresource), a client for the test and a recorded client for the operator.
 */
public final class MockApi implements AutoCloseable {
  // Held strongly: java.util.logging forgets levels of loggers nobody references.
  private static final java.util.logging.Logger QUIET = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ApiCallRecorder recorder = new ApiCallRecorder();

  private MockApi() {
    var responses =
        new HashMap<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    register("mcpsessions.mcpspawner.dev-v1.yml");
    register("mcpservers.mcpspawner.dev-v1.yml");
    register("mcpusers.mcpspawner.dev-v1.yml");
    answerLeaseAccessReview();
  }

  /**
   * JOSDK checks with a SelfSubjectRulesReview that it may use Leases before it runs for leader;
   * the CRUD mock cannot evaluate RBAC, so it answers as the chart's Role would.
   */
  private void answerLeaseAccessReview() {
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

  public static MockApi start() {
    return new MockApi();
  }

  /** The test's own client: its calls are not recorded. */
  public KubernetesClient client() {
    return client;
  }

  /** A fresh client for an operator; every call it makes is recorded. */
  public KubernetesClient operatorClient() {
    return server.createClient(
        b ->
            b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("api-calls", recorder)));
  }

  /** For expectations that the CRUD mode cannot express (answered before CRUD). */
  public KubernetesMockServer server() {
    return server;
  }

  public ApiCallRecorder recorder() {
    return recorder;
  }

  private void register(String file) {
    try (InputStream in = McpSession.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + file + " is not on the classpath");
      }
      client.resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
