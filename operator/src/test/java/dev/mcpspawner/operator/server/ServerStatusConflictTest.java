package dev.mcpspawner.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.UsageBucket;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.StatusWrite;
import dev.mcpspawner.operator.events.EventRecorder;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's status write of a McpServer never removes or rolls back what the gateways keep in
 * the same status ({@code status.usage}), even when it reconciles a cached copy older than the
 * gateways' last write. Whatever the reconciler returns is applied the way JOSDK 5 applies it with
 * server-side apply off (as {@code SpawnerOperator} runs it): a JSON Patch of the status computed
 * against the cached copy, without a resourceVersion.
 */
class ServerStatusConflictTest {
  static final String NS = "server-conflict";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private final OperatorHarness harness = new OperatorHarness(ServerStatusConflictTest.class, NS);
  private final McpServerReconciler reconciler =
      new McpServerReconciler(
          OperatorConfig.defaults(),
          Clock.systemUTC(),
          new EventRecorder(harness.client(), Clock.systemUTC(), "test"));

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void theFirstWriteFromACopyWithoutStatusKeepsTheUsageAGatewayWroteMeanwhile() {
    McpServer stale = harness.client().resource(Catalog.everything(NS)).create();
    gatewayWrites(List.of(new UsageBucket("2026-12-04T10:00:00Z", 7L, 1L, 2)), false);

    reconcileUntilWritten(stale);

    McpServer after = servers().get();
    assertThat(valid(after)).isEqualTo("True");
    assertThat(after.getStatus().getUsage())
        .as("the gateway's buckets survive the operator's first write")
        .extracting(UsageBucket::getToolCalls)
        .containsExactly(7L);
  }

  @Test
  void aWriteFromAStaleCopyDoesNotRollBackTheUsage() {
    harness.client().resource(Catalog.everything(NS)).create();
    reconcileUntilWritten(servers().get());
    gatewayWrites(List.of(new UsageBucket("2026-12-04T10:00:00Z", 3L, 0L, 1)), true);
    // The spec changes (an invalid entry now), and the operator's cache has that version...
    servers()
        .edit(
            s -> {
              s.getSpec().setCommand(null);
              return s;
            });
    McpServer stale = servers().get();
    // ...when a gateway adds to the buckets: the cached copy is now older than the API's.
    gatewayWrites(
        List.of(
            new UsageBucket("2026-12-04T10:00:00Z", 10L, 2L, 3),
            new UsageBucket("2026-12-04T10:05:00Z", 4L, 0L, 3)),
        true);

    reconcileUntilWritten(stale);

    McpServer after = servers().get();
    assertThat(valid(after)).isEqualTo("False");
    assertThat(after.getStatus().getObservedGeneration())
        .isEqualTo(after.getMetadata().getGeneration());
    assertThat(after.getStatus().getUsage())
        .as("the buckets are the gateway's latest, not the cached copy's")
        .extracting(UsageBucket::getToolCalls)
        .containsExactly(10L, 4L);
  }

  @Test
  void aStaleCopyIsNotWrittenAtAll() {
    McpServer stale = harness.client().resource(Catalog.everything(NS)).create();
    gatewayWrites(List.of(new UsageBucket("2026-12-04T10:00:00Z", 7L, 1L, 2)), false);
    String version = servers().get().getMetadata().getResourceVersion();

    UpdateControl<McpServer> control = reconciler.reconcile(JSON.clone(stale), context());

    assertThat(control.isNoUpdate())
        .as("nothing left for JOSDK to patch from the stale copy")
        .isTrue();
    assertThat(control.getScheduleDelay())
        .contains(McpServerReconciler.RETRY_AFTER_CONFLICT.toMillis());
    assertThat(servers().get().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  /**
   * Reconciles {@code cached}, applies the result as JOSDK would, and when the reconciler asks to
   * be called again soon (a refused write), reconciles a fresh read; a few rounds at most.
   */
  private void reconcileUntilWritten(McpServer cached) {
    McpServer copy = cached;
    for (int round = 0; round < 3; round++) {
      UpdateControl<McpServer> control = reconciler.reconcile(JSON.clone(copy), context());
      applyAsJosdk(copy, control);
      if (control.getScheduleDelay().isEmpty()) {
        return;
      }
      copy = servers().get();
    }
    throw new AssertionError("still rescheduling after 3 rounds");
  }

  /** What JOSDK 5.2's non-SSA status patch does: a diff against the cached copy, no version. */
  private void applyAsJosdk(McpServer cached, UpdateControl<McpServer> control) {
    if (!control.isPatchStatus()) {
      return;
    }
    McpServer original = JSON.clone(cached);
    original.getMetadata().setResourceVersion(null);
    McpServer desired = control.getResource().orElseThrow();
    try {
      harness
          .client()
          .resource(original)
          .editStatus(
              r -> {
                r.setStatus(desired.getStatus());
                return r;
              });
    } catch (KubernetesClientException e) {
      throw new AssertionError("JOSDK's status patch failed: " + e.getMessage(), e);
    }
  }

  /** A gateway's write of the buckets, as StatusBuckets makes it. */
  private void gatewayWrites(List<UsageBucket> buckets, boolean hasStatus) {
    Object op =
        hasStatus
            ? Map.of("op", "add", "path", "/status/usage", "value", buckets)
            : Map.of("op", "add", "path", "/status", "value", Map.of("usage", buckets));
    StatusWrite.patchStatus(
        servers(),
        List.of(StatusWrite.precondition(servers().get().getMetadata().getResourceVersion()), op));
  }

  private Resource<McpServer> servers() {
    return harness.client().resources(McpServer.class).inNamespace(NS).withName("everything");
  }

  private static String valid(McpServer server) {
    return server.getStatus().getConditions().stream()
        .filter(c -> McpServerReconciler.VALID.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse(null);
  }

  private Context<McpServer> context() {
    return harness.clientOnlyContext();
  }
}
