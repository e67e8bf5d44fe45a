package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSessionStatus;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.metrics.SpawnerMetrics;
import dev.mcpspawner.operator.teardown.SessionTeardown;
import dev.mcpspawner.operator.teardown.TeardownReason;
import dev.mcpspawner.operator.user.ActiveSessions;
import dev.mcpspawner.operator.user.PodRequests;
import dev.mcpspawner.operator.user.SessionAdmission;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The session's side of its McpUser: a disabled user's sessions end, and a session gets a pod only
 * when its user's quota admits it. Without a McpUser the chart's user defaults apply.
 */
final class UserLimits {
  private static final String BY_USER = "by-user";

  private final OperatorConfig config;
  private final SessionAdmission admission;
  private final SessionStatusWriter writer;
  private final SessionTeardown teardown;
  private final SpawnerMetrics metrics;
  private final SessionPodDependentResource pod;

  UserLimits(
      OperatorConfig config,
      SessionStatusWriter writer,
      SessionTeardown teardown,
      SpawnerMetrics metrics,
      SessionPodDependentResource pod) {
    this.config = config;
    this.admission = new SessionAdmission(config.userDefaults());
    this.writer = writer;
    this.teardown = teardown;
    this.metrics = metrics;
    this.pod = pod;
  }

  /** Wakes a user's sessions when the user's spec changes; not for the status others write. */
  InformerEventSource<McpUser, McpSession> eventSource(EventSourceContext<McpSession> context) {
    var sessions = context.getPrimaryCache();
    sessions.addIndexer(BY_USER, s -> List.of(userKey(s)));
    var users =
        InformerEventSourceConfiguration.from(McpUser.class, McpSession.class)
            .withName("mcpuser")
            .withPrimaryToSecondaryMapper(ActiveSessions::userIdOf)
            .withSecondaryToPrimaryMapper(
                user ->
                    sessions
                        .byIndex(
                            BY_USER,
                            user.getMetadata().getNamespace() + "/" + user.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withOnUpdateFilter(
                (now, before) ->
                    !Objects.equals(
                        now.getMetadata().getGeneration(), before.getMetadata().getGeneration()))
            .build();
    return new InformerEventSource<>(users, context);
  }

  /** Ends the session when its user is disabled and it holds (or is about to hold) a pod. */
  boolean endedForDisabledUser(
      McpSession session, McpSessionStatus status, Context<McpSession> context, Instant now) {
    Optional<McpUser> user =
        context.getSecondaryResource(McpUser.class).filter(u -> u.getSpec().isDisabled());
    boolean holdsPod =
        status.getPodName() != null
            || admission.admitted(session)
            || pod.getSecondaryResource(session, context).isPresent();
    if (user.isEmpty() || status.getPhase() == SessionPhase.Failed || !holdsPod) {
      return false;
    }
    String message = "user " + user.get().getSpec().getSubject() + " is disabled";
    teardown.end(session, status, TeardownReason.UserDisabled, message, now);
    return true;
  }

  /**
   * The quota the session's pod is planned under, or empty when the user may not have another pod
   * (the session has then failed, saying why). A session whose pod exists is not asked again.
   */
  Optional<UserQuota> admit(
      McpSession session,
      McpSessionStatus status,
      McpServer server,
      boolean hasPod,
      Context<McpSession> context,
      Instant now) {
    if (hasPod) {
      admission.settled(session);
    }
    if (hasPod || admission.admitted(session)) {
      return Optional.of(
          config.userDefaults().quotaOf(context.getSecondaryResource(McpUser.class).orElse(null)));
    }
    McpUser user = user(session, context);
    var refusal =
        admission.admit(
            session,
            user,
            PodRequests.of(SandboxPod.requests(server.getSpec(), config)),
            context.getPrimaryCache().byIndex(BY_USER, userKey(session)),
            s -> pod.eventSource().flatMap(es -> es.get(podId(s))));
    if (refusal.isPresent()) {
      boolean first =
          writer.fail(
              session,
              status,
              refusal.get().reason().event(),
              refusal.get().message(),
              null,
              null,
              now);
      if (first) {
        metrics.refused(refusal.get().reason());
      }
      return Optional.empty();
    }
    return Optional.of(config.userDefaults().quotaOf(user));
  }

  /** The session's McpUser; the cache may not have one created just before the session yet. */
  private static McpUser user(McpSession session, Context<McpSession> context) {
    return context
        .getSecondaryResource(McpUser.class)
        .orElseGet(
            () ->
                context
                    .getClient()
                    .resources(McpUser.class)
                    .inNamespace(session.getMetadata().getNamespace())
                    .withName(ActiveSessions.userOf(session))
                    .get());
  }

  private static ResourceID podId(McpSession session) {
    return new ResourceID(
        Names.podName(session.getMetadata().getName()), session.getMetadata().getNamespace());
  }

  private static String userKey(McpSession session) {
    return session.getMetadata().getNamespace() + "/" + ActiveSessions.userOf(session);
  }
}
