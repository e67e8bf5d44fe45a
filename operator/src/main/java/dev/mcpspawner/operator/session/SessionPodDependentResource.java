package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;

/**
 * The session pod, owned by the session. A pod's spec is immutable, and a running session must not
 * be restarted under its client because its McpServer changed: the pod is created once and never
 * updated; a changed server applies to new sessions.
 */
public class SessionPodDependentResource extends SessionOwnedResource<Pod> {

  public SessionPodDependentResource() {
    super(Pod.class);
  }

  @Override
  protected Pod desired(McpSession session, Context<McpSession> context) {
    return SandboxPod.of(SessionPlan.inContext(context));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(McpSession session, Context<McpSession> context) {
    return new ResourceID(
        Names.podName(session.getMetadata().getName()), session.getMetadata().getNamespace());
  }

  /**
   * The session's pod: the one of its name that this McpSession owns. A stateless sandbox ended and
   * created again gets the same name, so its predecessor's pod may still be terminating under it;
   * that pod is not this session's (its runner is shutting down, and it goes away). Until it is
   * gone, creating this session's pod conflicts and JOSDK retries.
   */
  @Override
  public Optional<Pod> getSecondaryResource(McpSession session, Context<McpSession> context) {
    String uid = session.getMetadata().getUid();
    return super.getSecondaryResource(session, context)
        .filter(
            pod ->
                uid == null
                    || pod.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> uid.equals(o.getUid())));
  }
}
