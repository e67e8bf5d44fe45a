package dev.mcpspawner.operator.server;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerStatus;
import dev.mcpspawner.operator.Conditions;
import dev.mcpspawner.operator.StatusWrite;
import dev.mcpspawner.operator.events.EventReason;
import dev.mcpspawner.operator.events.EventRecorder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Reports on each catalog entry whether sessions can be started from it ({@code Valid}). */
public class McpServerReconciler implements Reconciler<McpServer> {
  public static final String NAME = "mcpserver";
  public static final String VALID = "Valid";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** After a status write refused for an older copy, how soon to write from a fresh one. */
  static final java.time.Duration RETRY_AFTER_CONFLICT = StatusWrite.RETRY_AFTER_CONFLICT;

  private final Clock clock;
  private final EventRecorder events;

  public McpServerReconciler(Clock clock, EventRecorder events) {
    this.clock = clock;
    this.events = events;
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
}
