package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user's home volume claim. Created by the user's first session that wants it and then left
 * alone: no owner reference (a session's teardown must not take it along), never rewritten.
 */
public class HomeClaimDependentResource
    extends KubernetesDependentResource<PersistentVolumeClaim, McpSession>
    implements Creator<PersistentVolumeClaim, McpSession>,
        SecondaryToPrimaryMapper<PersistentVolumeClaim> {

  public static final String COMPONENT = "home";

  public HomeClaimDependentResource() {
    super(PersistentVolumeClaim.class);
  }

  @Override
  protected PersistentVolumeClaim desired(McpSession session, Context<McpSession> context) {
    SessionPlan plan = SessionPlan.inContext(context);
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(plan.homeClaimName())
        .withNamespace(plan.namespace())
        .withLabels(ManagedLabels.forUser(COMPONENT, plan))
        .withAnnotations(Map.of(McpSpawner.ANNOTATION_USER, session.getSpec().getUser()))
        .endMetadata()
        .withNewSpec()
        .withAccessModes(List.of(plan.homeAccessMode().name()))
        .withStorageClassName(plan.homeStorageClass())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(plan.homeSize())))
        .endResources()
        .endSpec()
        .build();
  }

  /** The claim of another session of the same user is ours too: select it by name. */
  @Override
  public Optional<PersistentVolumeClaim> getSecondaryResource(
      McpSession session, Context<McpSession> context) {
    return eventSource().flatMap(es -> es.get(targetSecondaryResourceID(session, context)));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(McpSession session, Context<McpSession> context) {
    SessionPlan plan = SessionPlan.inContext(context);
    return new ResourceID(plan.homeClaimName(), plan.namespace());
  }

  /** Two sessions of one user may race to create the claim; the loser takes the winner's. */
  @Override
  public PersistentVolumeClaim create(
      PersistentVolumeClaim desired, McpSession session, Context<McpSession> context) {
    try {
      return super.create(desired, session, context);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return context.getClient().resource(desired).get();
    }
  }

  @Override
  public Result<PersistentVolumeClaim> match(
      PersistentVolumeClaim actual, McpSession session, Context<McpSession> context) {
    return Result.nonComputed(true);
  }

  /** Shared by many sessions and owned by none: no owner reference, no back-pointer annotation. */
  @Override
  protected void addReferenceHandlingMetadata(PersistentVolumeClaim desired, McpSession session) {}

  /** A claim changing never needs a session reconciled. */
  @Override
  public Set<ResourceID> toPrimaryResourceIDs(PersistentVolumeClaim claim) {
    return Set.of();
  }

  @Override
  protected InformerEventSourceConfiguration.Builder<PersistentVolumeClaim>
      informerConfigurationBuilder(EventSourceContext<McpSession> context) {
    return ManagedLabels.onlyManaged(super.informerConfigurationBuilder(context));
  }
}
