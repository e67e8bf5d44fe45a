package dev.mcpspawner.local.gc;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector the mock API lacks, for what the operator leaves to it: pods and Secrets
 * whose owning McpSession is gone are deleted. Objects are listed before the sessions so that a
 * session created in between is never mistaken for a missing owner.
 */
public final class OwnerReferenceCollector implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OwnerReferenceCollector.class);
  private static final String KIND = new McpSession().getKind();

  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gc").factory());

  public OwnerReferenceCollector(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public OwnerReferenceCollector start(Duration every) {
    timer.scheduleWithFixedDelay(
        this::collectQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void collectQuietly() {
    try {
      collect();
    } catch (KubernetesClientException e) {
      LOG.debug("collection failed; next round retries", e);
    }
  }

  /** One round; returns how many objects it deleted. */
  public int collect() {
    // The objects first, then their owners: a session made in between only keeps its pod.
    List<HasMetadata> objects = new ArrayList<>(managed(client.pods()));
    objects.addAll(managed(client.secrets()));
    Set<String> owners =
        client.resources(McpSession.class).inNamespace(namespace).list().getItems().stream()
            .map(s -> s.getMetadata().getUid())
            .collect(Collectors.toSet());
    int deleted = 0;
    for (HasMetadata o : objects) {
      deleted += collect(o, owners);
    }
    return deleted;
  }

  /** This namespace's objects of one kind that carry the managed-by label. */
  private <T extends HasMetadata> List<T> managed(
      MixedOperation<T, ? extends KubernetesResourceList<T>, ?> kind) {
    return kind.inNamespace(namespace)
        .withLabel(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
        .list()
        .getItems();
  }

  private int collect(HasMetadata object, Set<String> owners) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    if (refs == null || refs.isEmpty()) {
      return 0;
    }
    boolean orphan =
        refs.stream()
            .filter(r -> KIND.equals(r.getKind()))
            .anyMatch(r -> !owners.contains(r.getUid()));
    if (!orphan) {
      return 0;
    }
    LOG.info(
        "collecting {} {}: its McpSession is gone",
        object.getKind(),
        object.getMetadata().getName());
    client.resource(object).inNamespace(namespace).delete();
    return 1;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
