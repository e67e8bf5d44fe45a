package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.events.EventReason;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.metrics.SpawnerMetrics;
import dev.mcpspawner.operator.teardown.SessionDeadlines;
import dev.mcpspawner.operator.teardown.SessionTeardown;
import dev.mcpspawner.operator.teardown.TeardownReason;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
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
 * Turns an McpSession into its home claim, runner Secret and sandbox pod (once its user's quota
 * admits it), reports the pod's progress as the session's status, and ends the session at its
 * deadlines or when its user is disabled. Each session is woken for its own next deadline rather
 * than swept by a loop.
 */
public class McpSessionReconciler implements Reconciler<McpSession> {
  public static final String NAME = "mcpsession";
  private static final String BY_SERVER = "by-server";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final OperatorConfig config;
  private final Clock clock;
  private final SessionTeardown teardown;
  private final SpawnerMetrics metrics;
  private final SessionStatusWriter writer;
  private final SessionProgress progress;
  private final ServerLookup servers = new ServerLookup();
  private final HomeClaimDependentResource home = new HomeClaimDependentResource();
  private final RunnerSecretDependentResource secret = new RunnerSecretDependentResource();
  private final SessionPodDependentResource pod = new SessionPodDependentResource();
  private final UserLimits limits;
  private final Workflow<McpSession> workflow;

  public McpSessionReconciler(
      OperatorConfig config,
      Clock clock,
      EventRecorder events,
      SpawnerMetrics metrics,
      SessionTeardown teardown) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
    this.teardown = teardown;
    this.writer = new SessionStatusWriter(events, metrics);
    this.progress = new SessionProgress(writer, config.scheduleDeadline());
    this.limits = new UserLimits(config, writer, teardown, metrics, pod);
    this.workflow =
        new WorkflowBuilder<McpSession>()
            .addDependentResourceAndConfigure(home)
            .withReconcilePrecondition((dr, session, ctx) -> SessionPlan.inContext(ctx).home())
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
    var sessions = context.getPrimaryCache();
    sessions.addIndexer(BY_SERVER, s -> List.of(serverKey(s.getMetadata().getNamespace(), s)));
    metrics.countSessionsFrom(() -> sessions.list().toList());
    var catalog =
        InformerEventSourceConfiguration.from(McpServer.class, McpSession.class)
            .withName("mcpserver")
            .withPrimaryToSecondaryMapper(
                (McpSession s) ->
                    Set.of(new ResourceID(s.getSpec().getServer(), s.getMetadata().getNamespace())))
            .withSecondaryToPrimaryMapper(
                server ->
                    sessions
                        .byIndex(
                            BY_SERVER,
                            server.getMetadata().getNamespace()
                                + "/"
                                + server.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    List<EventSource<?, McpSession>> sources =
        new ArrayList<>(EventSourceUtils.dependentEventSources(context, home, secret, pod));
    sources.add(new InformerEventSource<>(catalog, context));
    sources.add(limits.eventSource(context));
    return sources;
  }

  @Override
  public UpdateControl<McpSession> reconcile(McpSession session, Context<McpSession> context) {
    Instant now = clock.instant();
    McpSessionStatus before =
        session.getStatus() == null ? new McpSessionStatus() : session.getStatus();
    McpSessionStatus status = JSON.clone(before);
    if (status.getPhase() == SessionPhase.Terminating) {
      context.getClient().resource(session).delete(); // a teardown interrupted before its delete
      return UpdateControl.noUpdate();
    }
    if (status.getStartedAt() == null) {
      status.setStartedAt(Timestamps.format(now));
    }
    Optional<Instant> lastActivity = lastActivity(session);
    lastActivity.map(Timestamps::format).ifPresent(status::setLastActivityAt);
    ServerLookup.Resolution server = servers.resolve(session, context);
    SessionTimeouts timeouts =
        SessionTimeouts.of(server.found().map(McpServer::getSpec).orElse(null), config);
    SessionDeadlines deadlines = deadlines(status, lastActivity, timeouts);
    Optional<TeardownReason> due = deadlines.due(now);
    if (due.isPresent()) {
      teardown.end(session, status, due.get(), deadlines.explain(due.get()), now);
      return UpdateControl.noUpdate();
    }
    if (limits.endedForDisabledUser(session, status, context, now)) {
      return UpdateControl.noUpdate();
    }
    if (status.getPhase() != SessionPhase.Failed) {
      advance(session, status, server, timeouts, context, now);
    }
    Duration wake =
        deadlines(status, lastActivity, timeouts)
            .next(now)
            .map(t -> Duration.between(now, t))
            .filter(d -> d.compareTo(config.maxRecheckInterval()) < 0)
            .orElse(config.maxRecheckInterval());
    UpdateControl<McpSession> control = UpdateControl.noUpdate();
    if (writer.changed(before, status)) {
      session.setStatus(status);
      control = UpdateControl.patchStatus(session);
    }
    return control.rescheduleAfter(wake.plusMillis(1));
  }

  /**
   * The API refused to create the claim, Secret or pod (quota, admission, RBAC). The session says
   * so while JOSDK retries, and fails once the retries or its start timeout are used up.
   */
  @Override
  public ErrorStatusUpdateControl<McpSession> updateErrorStatus(
      McpSession session, Context<McpSession> context, Exception e) {
    McpSessionStatus status =
        session.getStatus() == null ? new McpSessionStatus() : JSON.clone(session.getStatus());
    if (status.getPhase() == SessionPhase.Failed || status.getPhase() == SessionPhase.Terminating) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    Instant now = clock.instant();
    if (status.getStartedAt() == null) {
      status.setStartedAt(Timestamps.format(now));
    }
    String message = "could not create the session's resources: " + rootMessage(e);
    Duration startTimeout =
        SessionTimeouts.of(
                context.getSecondaryResource(McpServer.class).map(McpServer::getSpec).orElse(null),
                config)
            .start();
    boolean lastAttempt = context.getRetryInfo().map(r -> r.isLastAttempt()).orElse(false);
    boolean late =
        !now.isBefore(Timestamps.parse(status.getStartedAt()).orElse(now).plus(startTimeout));
    session.setStatus(status);
    if (lastAttempt || late) {
      writer.fail(session, status, EventReason.PodCreationFailed, message, null, null, now);
      return ErrorStatusUpdateControl.patchStatus(session).withNoRetry();
    }
    if (status.getPhase() == null) {
      status.setPhase(SessionPhase.Pending);
    }
    status.setMessage(message);
    return ErrorStatusUpdateControl.patchStatus(session);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return text.length() > 512 ? text.substring(0, 512) : text;
  }

  /**
   * Creates what is missing and moves the status after the pod. Once a pod exists the session keeps
   * it: a changed, invalid or deleted McpServer affects new sessions only.
   */
  private void advance(
      McpSession session,
      McpSessionStatus status,
      ServerLookup.Resolution server,
      SessionTimeouts timeouts,
      Context<McpSession> context,
      Instant now) {
    if (session.getSpec().getUser() == null || session.getSpec().getUser().isEmpty()) {
      writer.fail(
          session, status, EventReason.InvalidSession, "spec.user is empty", null, null, now);
      return;
    }
    Optional<Pod> existing = pod.getSecondaryResource(session, context);
    if (existing.isEmpty() && status.getPodName() != null) {
      writer.fail(
          session,
          status,
          EventReason.PodDeleted,
          "the session pod was deleted by someone else; its state is gone",
          null,
          null,
          now);
      return;
    }
    if (existing.isEmpty() && !server.usable()) {
      writer.fail(session, status, server.failure(), server.message(), null, null, now);
      return;
    }
    if (server.usable()) {
      Optional<UserQuota> quota =
          limits.admit(session, status, server.server(), existing.isPresent(), context, now);
      if (quota.isEmpty()) {
        return;
      }
      SessionPlan.of(session, server.server(), config, quota.get()).putInto(context);
      workflow.reconcile(session, context);
    }
    Optional<Pod> current = existing.or(() -> pod.getSecondaryResource(session, context));
    progress.apply(session, status, current, timeouts.start(), now);
  }

  private SessionDeadlines deadlines(
      McpSessionStatus status, Optional<Instant> lastActivity, SessionTimeouts timeouts) {
    return SessionDeadlines.of(
        status,
        lastActivity,
        timeouts.idle(),
        timeouts.maxLifetime(),
        config.failedTtl(),
        timeouts.start(),
        config.scheduleDeadline());
  }

  private static Optional<Instant> lastActivity(McpSession session) {
    var annotations = session.getMetadata().getAnnotations();
    return annotations == null
        ? Optional.empty()
        : Timestamps.parse(annotations.get(McpSpawner.ANNOTATION_LAST_ACTIVITY));
  }

  private static String serverKey(String namespace, McpSession session) {
    return namespace + "/" + session.getSpec().getServer();
  }
}
