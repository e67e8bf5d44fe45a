package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.McpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/** The McpServer catalog of the sessions namespace, as an informer cache. */
public final class ServerCatalog implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final SharedIndexInformer<McpServer> informer;
  private volatile java.util.concurrent.CompletableFuture<Void> synced;

  public ServerCatalog(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.informer = client.resources(McpServer.class).inNamespace(namespace).runnableInformer(0);
  }

  /** Starts the informer; {@link #synced} completes once it has listed everything. */
  public void start() {
    synced = informer.start().toCompletableFuture();
  }

  /** Completes when the informer has synced for the first time (null before {@link #start}). */
  public java.util.concurrent.CompletableFuture<Void> synced() {
    return synced;
  }

  public boolean hasSynced() {
    return informer.hasSynced();
  }

  /** Every cached catalog entry. */
  public List<McpServer> list() {
    return informer.getStore().list();
  }

  /** The catalog's server of this name, or null (asks the API when the cache has not). */
  public McpServer get(String server) {
    McpServer cached = informer.getStore().getByKey(namespace + "/" + server);
    if (cached != null) {
      return cached;
    }
    return client.resources(McpServer.class).inNamespace(namespace).withName(server).get();
  }

  @Override
  public void close() {
    informer.close();
  }
}
