package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSession;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * A resource of one session that is created once and never updated (whatever is there matches),
 * owned by the session so that it goes with it, and watched only where the operator manages it. The
 * session's pod and its runner Secret are such resources.
 */
abstract class SessionOwnedResource<R extends HasMetadata>
    extends KubernetesDependentResource<R, McpSession>
    implements Creator<R, McpSession>, GarbageCollected<McpSession> {

  SessionOwnedResource(Class<R> type) {
    super(type);
  }

  @Override
  protected void addReferenceHandlingMetadata(R desired, McpSession session) {
    ManagedLabels.ownedBy(desired, session);
  }

  @Override
  public Result<R> match(R actual, McpSession session, Context<McpSession> context) {
    return Result.nonComputed(true);
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<R> informerConfigurationBuilder(
      EventSourceContext<McpSession> context) {
    return ManagedLabels.onlyManaged(super.informerConfigurationBuilder(context));
  }
}
