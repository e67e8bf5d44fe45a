package dev.mcpspawner.operator;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.health.OperationsServer;
import dev.mcpspawner.operator.metrics.SpawnerMetrics;
import dev.mcpspawner.operator.server.McpServerReconciler;
import dev.mcpspawner.operator.session.McpSessionReconciler;
import dev.mcpspawner.operator.session.SessionUpdateFilter;
import dev.mcpspawner.operator.teardown.SessionTeardown;
import dev.mcpspawner.operator.user.McpUserReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The operator as one object: the session, server and user reconcilers on a JOSDK {@link Operator},
 * the event recorder, the meters and (when {@code httpPort >= 0}) the operations endpoints. The
 * process's {@code main}, the local mode and the benchmark each build one of these around their own
 * client.
 */
public final class SpawnerOperator implements AutoCloseable {
  private final KubernetesClient client;
  private final OperatorConfig config;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SpawnerMetrics metrics = new SpawnerMetrics(registry);
  private final Operator operator;
  private OperationsServer operations;

  private volatile boolean stopping;

  public SpawnerOperator(KubernetesClient client, OperatorConfig config, Clock clock) {
    this(client, config, clock, () -> {});
  }

  /**
   * @param onLostLeadership what to do when another replica took the Lease while this one was still
   *     running (not when {@link #stop} gave it up): the process exits there, so that two replicas
   *     never reconcile at once; an embedded operator just stops reconciling
   */
  public SpawnerOperator(
      KubernetesClient client, OperatorConfig config, Clock clock, Runnable onLostLeadership) {
    this.client = client;
    this.config = config;
    EventRecorder events = new EventRecorder(client, clock, config.identity());
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(
                      MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                          .notCollectingMetricsPerResource()
                          .build())
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withConcurrentWorkflowExecutorThreads(config.reconcileThreads())
                  // The fabric8 mock (and some clusters' admission chains) cannot do server-side
                  // apply; plain create and merge-patch are all these reconcilers need.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false);
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        OperatorConfig.LEASE_NAME,
                        config.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        config.identity(),
                        new LeaderCallbacks(
                            () -> {},
                            () -> {
                              if (!stopping) {
                                onLostLeadership.run();
                              }
                            },
                            leader -> {}),
                        false));
              }
            });
    operator.register(
        new McpSessionReconciler(
            config, clock, events, metrics, new SessionTeardown(client, events, metrics)),
        SpawnerOperator.<McpSession>namespaces(config, McpSessionReconciler.NAME)
            .andThen(
                o -> o.withGenerationAware(false).withOnUpdateFilter(new SessionUpdateFilter())));
    operator.register(
        new McpServerReconciler(config, clock, events),
        namespaces(config, McpServerReconciler.NAME));
    operator.register(
        new McpUserReconciler(config, clock), namespaces(config, McpUserReconciler.NAME));
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata>
      Consumer<ControllerConfigurationOverrider<R>> namespaces(OperatorConfig config, String name) {
    return o -> {
      o.withName(name);
      if (config.namespaces().isEmpty()) {
        o.watchingAllNamespaces();
      } else {
        o.settingNamespaces(config.namespaces());
      }
    };
  }

  /** Starts the operations endpoints and the operator; returns once the caches are synced. */
  public SpawnerOperator start() {
    if (config.httpPort() >= 0) {
      try {
        operations =
            new OperationsServer(
                    config.httpPort(),
                    () ->
                        !operator.getRuntimeInfo().isStarted()
                            || operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                    () -> operator.getRuntimeInfo().isStarted(),
                    registry)
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    operator.start();
    return this;
  }

  public void stop() {
    stopping = true;
    operator.stop();
    if (operations != null) {
      operations.close();
      operations = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** The port of the operations endpoints, once started (useful when configured as 0). */
  public int httpPort() {
    return operations == null ? -1 : operations.port();
  }

  /** Whether the operator has started (with leader election: whether it is running for leader). */
  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public KubernetesClient client() {
    return client;
  }
}
