package dev.mcpspawner.gateway.session;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletableFuture;

/**
 * Resources of one kind in the sessions namespace as an informer keeps them: started once, synced
 * when it has listed everything, closed with the gateway. The catalog, the sessions and the users
 * are such caches.
 */
public abstract class InformerCache<T extends HasMetadata> implements AutoCloseable {
  protected final SharedIndexInformer<T> informer;
  private volatile CompletableFuture<Void> synced;

  protected InformerCache(SharedIndexInformer<T> informer) {
    this.informer = informer;
  }

  /** Starts the informer; {@link #synced} completes once it has listed everything. */
  public void start() {
    synced = informer.start().toCompletableFuture();
  }

  /** Completes when the informer has synced for the first time (null before {@link #start}). */
  public CompletableFuture<Void> synced() {
    return synced;
  }

  public boolean hasSynced() {
    return informer.hasSynced();
  }

  @Override
  public void close() {
    informer.close();
  }
}
