package dev.mcpspawner.operator.user;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserStatus;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.session.SandboxPod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reports what each user's sessions hold against the user's quota ({@code QuotaReached}), whether
 * the user is {@code Disabled}, and whether the object says what it seems to ({@code Valid}). Woken
 * by the user's sessions; the limits themselves are enforced where sessions are admitted.
 */
public class McpUserReconciler implements Reconciler<McpUser> {
  public static final String NAME = "mcpuser";
  public static final String VALID = "Valid";
  public static final String DISABLED = "Disabled";
  public static final String QUOTA_REACHED = "QuotaReached";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** After a status write refused for an older copy, how soon to write from a fresh one. */
  static final java.time.Duration RETRY_AFTER_CONFLICT = java.time.Duration.ofMillis(500);

  private final OperatorConfig config;
  private final Clock clock;
  private InformerEventSource<McpServer, McpUser> servers;

  public McpUserReconciler(OperatorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, McpUser>> prepareEventSources(EventSourceContext<McpUser> context) {
    var sessions =
        InformerEventSourceConfiguration.from(McpSession.class, McpUser.class)
            .withName("mcpsession")
            .withSecondaryToPrimaryMapper(
                (McpSession s) ->
                    Set.of(
                        new ResourceID(ActiveSessions.userOf(s), s.getMetadata().getNamespace())))
            .build();
    // Read for the requests of the sessions' pods; a changed server changes no user by itself.
    var catalog =
        InformerEventSourceConfiguration.from(McpServer.class, McpUser.class)
            .withName("mcpserver")
            .withSecondaryToPrimaryMapper(server -> Set.of())
            .build();
    servers = new InformerEventSource<>(catalog, context);
    return List.of(new InformerEventSource<>(sessions, context), servers);
  }

  @Override
  public UpdateControl<McpUser> reconcile(McpUser user, Context<McpUser> context) {
    Instant now = clock.instant();
    McpUserStatus before = user.getStatus() == null ? new McpUserStatus() : user.getStatus();
    McpUserStatus status = JSON.clone(before);
    Long generation = user.getMetadata().getGeneration();
    UserQuota quota = config.userDefaults().quotaOf(user);
    UserUsage usage =
        UserUsage.of(context.getSecondaryResources(McpSession.class), this::requestsOf);
    status.setActiveSessions(usage.active());
    status.setSessionsSummary(
        usage.active() + (quota.getSessions() == null ? "" : "/" + quota.getSessions()));
    status.setCpuRequested(PodRequests.cpuQuantity(usage.requests().cpu()));
    status.setMemoryRequested(PodRequests.memoryQuantity(usage.requests().memory()));
    status.setEffectiveQuota(quota);
    Stream.of(Timestamps.parse(before.getLastSeen()), usage.lastSeen())
        .flatMap(Optional::stream)
        .max(Instant::compareTo)
        .ifPresent(t -> status.setLastSeen(Timestamps.format(t)));

    List<String> problems = McpUserValidator.problems(user);
    boolean valid = problems.isEmpty();
    Conditions.set(
        status.getConditions(),
        VALID,
        valid,
        valid ? "Valid" : "Invalid",
        valid ? "the user's spec is valid" : String.join("; ", problems),
        generation,
        now);
    boolean disabled = user.getSpec() != null && user.getSpec().isDisabled();
    Conditions.set(
        status.getConditions(),
        DISABLED,
        disabled,
        disabled ? "Disabled" : "Enabled",
        disabled
            ? "spec.disabled is true: new sessions are refused and open ones are ended"
            : "the user may open sessions",
        generation,
        now);
    List<String> reached = usage.reached(quota);
    Conditions.set(
        status.getConditions(),
        QUOTA_REACHED,
        !reached.isEmpty(),
        reached.isEmpty() ? "WithinQuota" : "QuotaReached",
        reached.isEmpty()
            ? "a new session fits in the quota"
            : String.join("; ", reached) + ": new sessions are refused until one closes",
        generation,
        now);
    status.setObservedGeneration(generation);
    if (Objects.equals(JSON.asJson(before), JSON.asJson(status))) {
      return UpdateControl.noUpdate();
    }
    // One JSON patch that sets the whole status: JOSDK's patch would extend an empty status object
    // that only exists in memory (McpUser.initStatus), and a merge patch of the conditions list is
    // not a replacement on every API server (the fabric8 mock appends). The status also holds the
    // gateways' status.usage, copied from the version read: the resourceVersion in the patched
    // object is a precondition, so the API refuses (409) a patch made from an older copy instead of
    // putting back the usage a gateway wrote since. Then try again from a fresh read: a status-only
    // write does not raise a new event for this (generation-aware) reconciler.
    try {
      context
          .getClient()
          .resources(McpUser.class)
          .inNamespace(user.getMetadata().getNamespace())
          .withName(user.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON),
              JSON.asJson(
                  List.of(
                      Map.of(
                          "op",
                          "replace",
                          "path",
                          "/metadata/resourceVersion",
                          "value",
                          user.getMetadata().getResourceVersion()),
                      Map.of("op", "add", "path", "/status", "value", status))));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return UpdateControl.<McpUser>noUpdate().rescheduleAfter(RETRY_AFTER_CONFLICT);
    }
    return UpdateControl.noUpdate();
  }

  private PodRequests requestsOf(McpSession session) {
    var server =
        servers.get(
            new ResourceID(session.getSpec().getServer(), session.getMetadata().getNamespace()));
    return PodRequests.of(SandboxPod.requests(server.map(McpServer::getSpec).orElse(null), config));
  }
}
