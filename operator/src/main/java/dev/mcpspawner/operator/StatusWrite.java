package dev.mcpspawner.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Writes a whole status computed from one read of the object, only if the object is still that
 * version. For the statuses the gateways add to ({@code status.usage} of McpServer and McpUser):
 * the operator's status is computed from a copy of the one it read, so a write from a copy older
 * than the gateways' last write would put back their older usage; the API refuses it instead.
 *
 * <p>Used in place of JOSDK's {@code patchStatus}, which (server-side apply off) patches the
 * difference from the cached copy without a resourceVersion: that difference extends an empty
 * status that exists only in memory ({@code initStatus}) and carries no precondition. One JSON
 * Patch sets the resourceVersion read (a precondition: 409 when the object changed since) and adds
 * the whole status (a list in it is replaced, which a merge patch is not on every API server: the
 * fabric8 mock appends).
 */
public final class StatusWrite {
  /** After a status write refused for an older copy, how soon to write from a fresh one. */
  public static final Duration RETRY_AFTER_CONFLICT = Duration.ofMillis(500);

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private StatusWrite() {}

  /**
   * Writes {@code status} as the status of {@code read} if the object is still at {@code read}'s
   * resourceVersion.
   *
   * @return what the reconciler answers: nothing more to do, or (the object changed since it was
   *     read: 409) to be called again after {@link #RETRY_AFTER_CONFLICT}, when the cache has the
   *     newer version. A status-only write raises no event for a generation-aware reconciler, hence
   *     the reschedule.
   */
  public static <R extends HasMetadata> UpdateControl<R> replace(
      KubernetesClient client, R read, Object status) {
    try {
      patchStatus(
          client
              .resources(read.getClass())
              .inNamespace(read.getMetadata().getNamespace())
              .withName(read.getMetadata().getName()),
          List.of(
              precondition(read.getMetadata().getResourceVersion()),
              Map.of("op", "add", "path", "/status", "value", status)));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return UpdateControl.<R>noUpdate().rescheduleAfter(RETRY_AFTER_CONFLICT);
    }
    return UpdateControl.noUpdate();
  }

  /** The JSON Patch operation that makes a patch fail (409) unless the object is at {@code rv}. */
  public static Map<String, Object> precondition(String rv) {
    return Map.of("op", "replace", "path", "/metadata/resourceVersion", "value", rv);
  }

  /** Applies JSON Patch {@code operations} to the status subresource of {@code resource}. */
  public static void patchStatus(Resource<? extends HasMetadata> resource, List<?> operations) {
    resource.subresource("status").patch(PatchContext.of(PatchType.JSON), JSON.asJson(operations));
  }
}
