package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The session pod, owned by the session. A pod's spec is immutable, and a running session must not
 * be restarted under its client because its McpServer changed: the pod is created once and never
 * updated; a changed server applies to new sessions.
 */
public class SessionPodDependentResource extends KubernetesDependentResource<Pod, McpSession>
    implements Creator<Pod, McpSession>, GarbageCollected<McpSession> {

  public SessionPodDependentResource() {
    super(Pod.class);
  }

  @Override
  protected Pod desired(McpSession session, Context<McpSession> context) {
    return SandboxPod.of(ManagedLabels.plan(context));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(McpSession session, Context<McpSession> context) {
    return new ResourceID(
        Names.podName(session.getMetadata().getName()), session.getMetadata().getNamespace());
  }

  @Override
  protected void addReferenceHandlingMetadata(Pod desired, McpSession session) {
    ManagedLabels.ownedBy(desired, session);
  }

  @Override
  public Result<Pod> match(Pod actual, McpSession session, Context<McpSession> context) {
    return Result.nonComputed(true);
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<Pod> informerConfigurationBuilder(
      EventSourceContext<McpSession> context) {
    return ManagedLabels.onlyManaged(super.informerConfigurationBuilder(context));
  }
}
