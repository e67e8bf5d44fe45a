package dev.mcpspawner.operator.user;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserStatus;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.StatusWrite;
import dev.mcpspawner.operator.Timestamps;
import dev.mcpspawner.operator.session.SandboxPod;
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
  static final java.time.Duration RETRY_AFTER_CONFLICT = StatusWrite.RETRY_AFTER_CONFLICT;

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
            .withSecondaryToPrimaryMapper(ActiveSessions::userIdOf)
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
    // The status also holds the gateways' status.usage, copied from the version read.
    return StatusWrite.replace(context.getClient(), user, status);
  }

  private PodRequests requestsOf(McpSession session) {
    var server =
        servers.get(
            new ResourceID(session.getSpec().getServer(), session.getMetadata().getNamespace()));
    return PodRequests.of(SandboxPod.requests(server.map(McpServer::getSpec).orElse(null), config));
  }
}
