package dev.mcpspawner.gateway.admin;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/** The Kubernetes Events on one object of the namespace, by its name. */
final class ObjectEvents {
  private ObjectEvents() {}

  /**
   * The Events whose involved object has this name, in the API's order; none where the gateway may
   * not list Events (the views say less, not nothing).
   */
  static List<Event> on(KubernetesClient client, String namespace, String name) {
    try {
      return client
          .v1()
          .events()
          .inNamespace(namespace)
          .withField("involvedObject.name", name)
          .list()
          .getItems()
          .stream()
          // the selector is the API's; this keeps the view right where it is ignored
          .filter(
              e -> e.getInvolvedObject() != null && name.equals(e.getInvolvedObject().getName()))
          .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return List.of();
      }
      throw e;
    }
  }
}
