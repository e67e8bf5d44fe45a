package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.McpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The McpServer catalog of the sessions namespace, as an informer cache. */
public final class ServerCatalog extends InformerCache<McpServer> {
  private final KubernetesClient client;
  private final String namespace;

  public ServerCatalog(KubernetesClient client, String namespace) {
    super(client.resources(McpServer.class).inNamespace(namespace).runnableInformer(0));
    this.client = client;
    this.namespace = namespace;
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
}
