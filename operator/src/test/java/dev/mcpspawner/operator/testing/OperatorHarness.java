package dev.mcpspawner.operator.testing;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.SpawnerOperator;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.session.RunnerSecretDependentResource;
import dev.mcpspawner.testing.HandClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator running in-process against the mock API with a clock the test moves. One per test
 * class; {@link #close} writes the API calls the operator made for the chart's RBAC test.
 */
public final class OperatorHarness implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
  public static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

  public final MockApi api = MockApi.start();
  public final HandClock clock = new HandClock(START);
  public final String namespace;
  public final TestingKubelet kubelet;
  private Class<?> testClass;
  private Consumer<KubernetesClient> before = client -> {};
  private boolean startBeforeAll = true;
  private final KubernetesClient operatorClient = api.operatorClient();
  private SpawnerOperator operator;
  private OperatorConfig config;

  /**
   * A harness for a test class to register as its extension ({@code @RegisterExtension}): before
   * all tests it runs {@link #before} on the API and starts the operator; after them it closes.
   */
  public OperatorHarness(String namespace) {
    this(null, namespace);
  }

  public OperatorHarness(Class<?> testClass, String namespace) {
    this.testClass = testClass;
    this.namespace = namespace;
    this.kubelet = new TestingKubelet(api.client(), namespace);
    // A short recheck cap lets a moved clock take effect within a second; deadlines still drive.
    this.config =
        OperatorConfig.defaults().toBuilder()
            .namespaces(Set.of(namespace))
            .httpPort(-1)
            .maxRecheckInterval(Duration.ofMillis(500))
            .build();
  }

  public OperatorHarness configure(java.util.function.Consumer<OperatorConfig.Builder> change) {
    OperatorConfig.Builder builder = config.toBuilder();
    change.accept(builder);
    config = builder.build();
    return this;
  }

  /** What the API holds before the operator starts (the catalog), written by the test's client. */
  public OperatorHarness before(Consumer<KubernetesClient> setup) {
    before = setup;
    return this;
  }

  /** The extension leaves starting the operator to the tests. */
  public OperatorHarness startedByTheTests() {
    startBeforeAll = false;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (testClass == null) {
      testClass = context.getRequiredTestClass();
    }
    before.accept(client());
    if (startBeforeAll) {
      start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public OperatorConfig config() {
    return config;
  }

  public SpawnerOperator operator() {
    return operator;
  }

  public SpawnerOperator start() {
    operator = new SpawnerOperator(operatorClient, config, clock).start();
    return operator;
  }

  public void stop() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  public KubernetesClient client() {
    return api.client();
  }

  /**
   * A reconciler context that answers only what a status reconciler asks of it here: this harness's
   * client, and no secondary resources (no sessions).
   */
  @SuppressWarnings("unchecked")
  public <P extends HasMetadata> Context<P> clientOnlyContext() {
    return (Context<P>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getClient" -> client();
                  case "getSecondaryResources" -> Set.of();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  /** Edits the McpSession called {@code name} as another client would (the gateway, a user). */
  public void editSession(String name, Consumer<McpSession> edit) {
    api.client()
        .resources(McpSession.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            s -> {
              edit.accept(s);
              return s;
            });
  }

  /** What the gateway does on activity: writes the last-activity annotation (now); returns it. */
  public String reportActivity(String name) {
    String now = Timestamps.format(clock.instant());
    editSession(
        name, s -> s.getMetadata().getAnnotations().put(McpSpawner.ANNOTATION_LAST_ACTIVITY, now));
    return now;
  }

  /** The runner-token Secrets in the namespace, one per session that got that far. */
  public List<Secret> runnerSecrets() {
    return api.client()
        .secrets()
        .inNamespace(namespace)
        .withLabel(McpSpawner.LABEL_COMPONENT, RunnerSecretDependentResource.COMPONENT)
        .list()
        .getItems();
  }

  public McpSession create(McpSession session) {
    return client().resource(session).create();
  }

  public McpSession session(String name) {
    return client().resources(McpSession.class).inNamespace(namespace).withName(name).get();
  }

  public Pod pod(String name) {
    return client().pods().inNamespace(namespace).withName(name).get();
  }

  public McpSession awaitPhase(String name, SessionPhase phase) {
    return awaitSession(name, s -> s.getStatus() != null && s.getStatus().getPhase() == phase);
  }

  public McpSession awaitSession(String name, Predicate<McpSession> condition) {
    return await().until(() -> session(name), s -> s != null && condition.test(s));
  }

  public Pod awaitPod(String name) {
    return await().until(() -> pod(name), p -> p != null);
  }

  public void awaitGone(String name) {
    await().until(() -> session(name) == null);
  }

  /**
   * Waits on the API's state. Exceptions thrown on other threads do not fail the wait: JOSDK's
   * executor can lose a race in its own timer ({@code TimerEventSource.scheduleOnce} scheduling a
   * task another reconcile of the same resource just cancelled, "Task already scheduled or
   * cancelled"), which JOSDK logs and recovers from at the next event; a wrong state still fails.
   */
  public static ConditionFactory await() {
    return Awaitility.await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .pollDelay(Duration.ZERO);
  }

  @Override
  public void close() {
    stop();
    api.recorder().writeFor(testClass);
    operatorClient.close();
    api.close();
  }
}
