package dev.mcpspawner.operator.server;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerStatus;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.StatusWrite;
import dev.mcpspawner.operator.events.EventReason;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.session.SandboxPod;
import dev.mcpspawner.operator.user.ActiveSessions;
import dev.mcpspawner.operator.user.PodRequests;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reports on each catalog entry whether sessions can be started from it ({@code Valid}), and what
 * its open sessions' pods request together (woken by the entry's sessions).
 */
public class McpServerReconciler implements Reconciler<McpServer> {
  public static final String NAME = "mcpserver";
  public static final String VALID = "Valid";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** After a status write refused for an older copy, how soon to write from a fresh one. */
  static final java.time.Duration RETRY_AFTER_CONFLICT = StatusWrite.RETRY_AFTER_CONFLICT;

  private final OperatorConfig config;
  private final Clock clock;
  private final EventRecorder events;

  public McpServerReconciler(OperatorConfig config, Clock clock, EventRecorder events) {
    this.config = config;
    this.clock = clock;
    this.events = events;
  }

  @Override
  public List<EventSource<?, McpServer>> prepareEventSources(
      EventSourceContext<McpServer> context) {
    var sessions =
        InformerEventSourceConfiguration.from(McpSession.class, McpServer.class)
            .withName("mcpsession")
            .withSecondaryToPrimaryMapper(
                (McpSession s) ->
                    s.getSpec() == null || s.getSpec().getServer() == null
                        ? Set.of()
                        : Set.of(
                            new ResourceID(
                                s.getSpec().getServer(), s.getMetadata().getNamespace())))
            .build();
    return List.of(new InformerEventSource<>(sessions, context));
  }

  @Override
  public UpdateControl<McpServer> reconcile(McpServer server, Context<McpServer> context) {
    McpServerStatus before =
        server.getStatus() == null ? new McpServerStatus() : server.getStatus();
    McpServerStatus status = JSON.clone(before);
    List<String> problems = McpServerValidator.problems(server.getSpec());
    boolean valid = problems.isEmpty();
    String message =
        valid ? "sessions can be started from this entry" : String.join("; ", problems);
    boolean wasValid =
        Conditions.find(status.getConditions(), VALID)
            .map(c -> "True".equals(c.getStatus()))
            .orElse(!valid);
    Conditions.set(
        status.getConditions(),
        VALID,
        valid,
        valid ? "Valid" : "Invalid",
        message,
        server.getMetadata().getGeneration(),
        clock.instant());
    status.setObservedGeneration(server.getMetadata().getGeneration());
    // Every session pod of the entry requests the same: its resources over the defaults.
    int active =
        (int)
            context.getSecondaryResources(McpSession.class).stream()
                .filter(ActiveSessions::counts)
                .count();
    PodRequests each = requestsOfEach(server);
    BigDecimal n = BigDecimal.valueOf(active);
    status.setActiveSessions(active);
    status.setCpuRequested(PodRequests.cpuQuantity(each.cpu().multiply(n)));
    status.setMemoryRequested(PodRequests.memoryQuantity(each.memory().multiply(n)));
    if (Objects.equals(JSON.asJson(before), JSON.asJson(status))) {
      return UpdateControl.noUpdate();
    }
    // Not JOSDK's patchStatus: the status holds the gateways' status.usage too (copied from the
    // version read), so it is written only over that version.
    UpdateControl<McpServer> written = StatusWrite.replace(context.getClient(), server, status);
    if (written.getScheduleDelay().isEmpty()
        && (wasValid != valid || before.getConditions().isEmpty())) {
      events.record(server, valid ? EventReason.Valid : EventReason.Invalid, message);
    }
    return written;
  }

  private PodRequests requestsOfEach(McpServer server) {
    try {
      return PodRequests.of(SandboxPod.requests(server.getSpec(), config));
    } catch (RuntimeException e) {
      return PodRequests.NONE; // not a quantity: Valid says so, and no pod is made from it
    }
  }
}
