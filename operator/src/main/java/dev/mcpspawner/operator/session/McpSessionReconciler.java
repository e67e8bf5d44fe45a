package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.RunnerContract;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.Transport;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.events.EventReason;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.metrics.SpawnerMetrics;
import dev.mcpspawner.operator.server.McpServerValidator;
import dev.mcpspawner.operator.teardown.SessionDeadlines;
import dev.mcpspawner.operator.teardown.SessionTeardown;
import dev.mcpspawner.operator.teardown.TeardownReason;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Workflow;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns an McpSession into its home claim, runner Secret and sandbox pod, reports the pod's
 * progress as the session's status, and ends the session at its deadlines. Each session is woken
 * for its own next deadline rather than swept by a loop.
 */
public class McpSessionReconciler implements Reconciler<McpSession> {
  public static final String NAME = "mcpsession";
  static final String BY_SERVER = "by-server";

  private final OperatorConfig config;
  private final Clock clock;
  private final EventRecorder events;
  private final SpawnerMetrics metrics;
  private final SessionTeardown teardown;
  private final SessionStatusWriter statusWriter;
  private final HomeClaimDependentResource home = new HomeClaimDependentResource();
  private final RunnerSecretDependentResource secret = new RunnerSecretDependentResource();
  private final SessionPodDependentResource pod = new SessionPodDependentResource();
  private final Workflow<McpSession> workflow;

  public McpSessionReconciler(
      OperatorConfig config,
      Clock clock,
      EventRecorder events,
      SpawnerMetrics metrics,
      SessionTeardown teardown) {
    this.config = config;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.teardown = teardown;
    this.statusWriter = new SessionStatusWriter(events, metrics);
    this.workflow =
        new WorkflowBuilder<McpSession>()
            .addDependentResourceAndConfigure(home)
            .withReconcilePrecondition((dr, session, ctx) -> ManagedLabels.plan(ctx).home())
            .addDependentResource(secret)
            // Not dependsOn(secret): the kubelet waits for a missing Secret volume by itself, and
            // creating both at once takes a round trip off every session's start.
            .addDependentResource(pod)
            .withThrowExceptionFurther(true)
            .build();
  }

  @Override
  public List<EventSource<?, McpSession>> prepareEventSources(
      EventSourceContext<McpSession> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            BY_SERVER,
            s -> List.of(s.getMetadata().getNamespace() + "/" + s.getSpec().getServer()));
    metrics.countSessionsFrom(() -> context.getPrimaryCache().list().toList());
    var servers =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(McpServer.class, McpSession.class)
                .withName("mcpserver")
                .withPrimaryToSecondaryMapper(
                    (McpSession s) ->
                        Set.of(
                            new ResourceID(
                                s.getSpec().getServer(), s.getMetadata().getNamespace())))
                .withSecondaryToPrimaryMapper(
                    server ->
                        context
                            .getPrimaryCache()
                            .byIndex(
                                BY_SERVER,
                                server.getMetadata().getNamespace()
                                    + "/"
                                    + server.getMetadata().getName())
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    List<EventSource<?, McpSession>> sources =
        new ArrayList<>(EventSourceUtils.dependentEventSources(context, home, secret, pod));
    sources.add(servers);
    return sources;
  }

  @Override
  public UpdateControl<McpSession> reconcile(McpSession session, Context<McpSession> context) {
    Instant now = clock.instant();
    McpSessionStatus before =
        session.getStatus() == null ? new McpSessionStatus() : session.getStatus();
    McpSessionStatus status = copy(before);
    if (status.getPhase() == SessionPhase.Terminating) {
      context.getClient().resource(session).delete();
      return UpdateControl.noUpdate();
    }
    if (status.getStartedAt() == null) {
      status.setStartedAt(Timestamps.format(now));
    }
    Optional<Instant> lastActivity = lastActivity(session);
    lastActivity.map(Timestamps::format).ifPresent(status::setLastActivityAt);
    Optional<McpServer> server = server(session, context);
    Resolved resolved = resolve(session, server);
    SessionDeadlines deadlines =
        SessionDeadlines.of(
            status,
            lastActivity,
            resolved.plan == null ? config.idleTimeout() : resolved.plan.idleTimeout(),
            resolved.plan == null ? config.maxLifetime() : resolved.plan.maxLifetime(),
            config.failedTtl());
    Optional<TeardownReason> due = deadlines.due(now);
    if (due.isPresent()) {
      teardown.end(session, status, due.get(), explain(due.get(), deadlines), now);
      return UpdateControl.noUpdate();
    }
    if (status.getPhase() != SessionPhase.Failed) {
      progress(session, status, resolved, context, now);
    }
    SessionDeadlines after =
        SessionDeadlines.of(
            status,
            lastActivity,
            resolved.plan == null ? config.idleTimeout() : resolved.plan.idleTimeout(),
            resolved.plan == null ? config.maxLifetime() : resolved.plan.maxLifetime(),
            config.failedTtl());
    Optional<Instant> wake = after.next();
    if (resolved.plan != null && status.getPhase() == SessionPhase.Starting) {
      Instant started = Timestamps.parse(status.getStartedAt()).orElse(now);
      Instant start = started.plus(resolved.plan.startTimeout());
      Instant schedule = started.plus(config.scheduleDeadline());
      for (Instant t : List.of(start, schedule)) {
        if (t.isAfter(now) && (wake.isEmpty() || t.isBefore(wake.get()))) {
          wake = Optional.of(t);
        }
      }
    }
    Duration delay =
        wake.map(t -> Duration.between(now, t))
            .map(d -> d.isNegative() ? Duration.ZERO : d)
            .map(
                d -> d.compareTo(config.maxRecheckInterval()) > 0 ? config.maxRecheckInterval() : d)
            .orElse(config.maxRecheckInterval());
    UpdateControl<McpSession> control;
    if (statusWriter.changed(before, status)) {
      session.setStatus(status);
      control = UpdateControl.patchStatus(session);
    } else {
      control = UpdateControl.noUpdate();
    }
    return control.rescheduleAfter(delay.plusMillis(1));
  }

  /** Creates what is missing and moves the status after the pod. */
  private void progress(
      McpSession session,
      McpSessionStatus status,
      Resolved resolved,
      Context<McpSession> context,
      Instant now) {
    if (resolved.failure != null) {
      statusWriter.fail(session, status, resolved.failure, resolved.message, null, null, now);
      return;
    }
    SessionPlan plan = resolved.plan;
    Optional<Pod> existing = pod.getSecondaryResource(session, context);
    boolean hadPod = status.getPodName() != null;
    if (existing.isEmpty() && hadPod) {
      PodProgress lost = PodProgress.deleted();
      statusWriter.fail(session, status, lost.failure(), lost.message(), null, null, now);
      return;
    }
    context.managedWorkflowAndDependentResourceContext().put(SessionPlan.class, plan);
    workflow.reconcile(session, context);
    Optional<Pod> current = existing.or(() -> pod.getSecondaryResource(session, context));
    if (current.isEmpty()) {
      statusWriter.pending(session, status, now);
      return;
    }
    PodProgress progress = PodProgress.of(current.get());
    Instant started = Timestamps.parse(status.getStartedAt()).orElse(now);
    if (progress.failed()) {
      statusWriter.fail(
          session,
          status,
          progress.failure(),
          progress.message(),
          progress.exitCode(),
          progress.stderrTail(),
          now);
    } else if (progress.stage() == PodProgress.Stage.READY) {
      statusWriter.ready(session, status, endpoint(plan, progress.podIp()), started, now);
    } else if (status.getPhase() == SessionPhase.Ready) {
      statusWriter.notReady(session, status, now);
    } else if (progress.unschedulable() && !now.isBefore(started.plus(config.scheduleDeadline()))) {
      statusWriter.fail(
          session, status, EventReason.Unschedulable, progress.message(), null, null, now);
    } else if (!now.isBefore(started.plus(plan.startTimeout()))) {
      statusWriter.fail(
          session,
          status,
          EventReason.StartTimeout,
          "the session did not become ready within " + plan.startTimeout(),
          null,
          null,
          now);
    } else {
      statusWriter.starting(session, status, current.get().getMetadata().getName(), now);
    }
  }

  private Optional<McpServer> server(McpSession session, Context<McpSession> context) {
    Optional<McpServer> cached = context.getSecondaryResource(McpServer.class);
    if (cached.isPresent()) {
      return cached;
    }
    // The informer may lag behind a server created just before the session: ask once.
    return Optional.ofNullable(
        context
            .getClient()
            .resources(McpServer.class)
            .inNamespace(session.getMetadata().getNamespace())
            .withName(session.getSpec().getServer())
            .get());
  }

  private Resolved resolve(McpSession session, Optional<McpServer> server) {
    if (server.isEmpty()) {
      return new Resolved(
          null,
          EventReason.ServerNotFound,
          "McpServer '" + session.getSpec().getServer() + "' does not exist in this namespace");
    }
    List<String> problems = McpServerValidator.problems(server.get().getSpec());
    if (!problems.isEmpty()) {
      return new Resolved(
          null,
          EventReason.ServerInvalid,
          "McpServer '"
              + session.getSpec().getServer()
              + "' is invalid: "
              + String.join("; ", problems));
    }
    return new Resolved(SessionPlan.of(session, server.get(), config), null, null);
  }

  private static String endpoint(SessionPlan plan, String podIp) {
    String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
    if (plan.transport() == Transport.STREAMABLE_HTTP) {
      String path =
          plan.server().getPath() == null ? RunnerContract.MCP_PATH : plan.server().getPath();
      return "http://" + host + ":" + plan.server().getPort() + path;
    }
    return "http://" + host + ":" + RunnerContract.PORT + RunnerContract.MCP_PATH;
  }

  private static String explain(TeardownReason reason, SessionDeadlines deadlines) {
    return switch (reason) {
      case IdleTimeout ->
          "no request since the idle timeout passed at " + deadlines.idle().orElseThrow();
      case MaxLifetime -> "the maximum lifetime passed at " + deadlines.maxLifetime().orElseThrow();
      case FailedTtlExpired ->
          "the failed session was kept until " + deadlines.failedTtl().orElseThrow();
    };
  }

  private static Optional<Instant> lastActivity(McpSession session) {
    var annotations = session.getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : Timestamps.parse(annotations.get(McpSpawner.ANNOTATION_LAST_ACTIVITY));
  }

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static McpSessionStatus copy(McpSessionStatus status) {
    return SERIALIZATION.clone(status);
  }

  private record Resolved(SessionPlan plan, EventReason failure, String message) {}
}
