package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSpawner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The label every object the operator creates carries, and the informer selector built on it. */
final class ManagedLabels {
  static final String SELECTOR = McpSpawner.LABEL_MANAGED_BY + "=" + McpSpawner.MANAGED_BY;

  private ManagedLabels() {}

  /**
   * The labels of an object made for a user's session (its pod, runner Secret, home claim): the
   * managed-by label, which part it is, whose it is. A new map: the caller adds its own.
   */
  static Map<String, String> forUser(String component, SessionPlan plan) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY);
    labels.put(McpSpawner.LABEL_COMPONENT, component);
    labels.put(McpSpawner.LABEL_USER, plan.userSlug());
    return labels;
  }

  static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> onlyManaged(
      InformerEventSourceConfiguration.Builder<R> builder) {
    return builder.withLabelSelector(SELECTOR);
  }

  /**
   * Owner reference with {@code controller: true}, so {@code kubectl} and GC see the session as the
   * one object in charge. No blockOwnerDeletion: it would need update on mcpsessions/finalizers.
   */
  static void ownedBy(HasMetadata owned, HasMetadata owner) {
    owned
        .getMetadata()
        .setOwnerReferences(
            java.util.List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind())
                    .withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid())
                    .withController(true)
                    .build()));
  }
}
