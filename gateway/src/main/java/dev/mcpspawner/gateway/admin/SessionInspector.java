package dev.mcpspawner.gateway.admin;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.session.SessionRouter;
import dev.mcpspawner.gateway.session.SessionStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Every session for the admin API: filtered and paged from the informer cache, the debug view of
 * one (its Events and pod read from the API on demand), and ending one. Knows nothing of HTTP.
 */
public record SessionInspector(
    KubernetesClient client, String namespace, SessionStore sessions, SessionRouter router) {
  /**
   * What to list; a null field does not filter.
   *
   * @param user the raw user id or the user's slug (McpUser name)
   * @param phase a phase name, case-insensitive
   * @param client part of the client's name, case-insensitive
   */
  public record Filter(String user, String server, String phase, String client) {
    Predicate<McpSession> predicate() {
      String clientNeedle = blank(client) ? null : client.toLowerCase(Locale.ROOT);
      return s ->
          (blank(user)
                  || user.equals(SessionFacts.user(s))
                  || user.equals(SessionFacts.userSlug(s)))
              && (blank(server) || server.equals(SessionFacts.server(s)))
              && (blank(phase) || phase.equalsIgnoreCase(SessionFacts.phase(s)))
              && (clientNeedle == null
                  || (SessionFacts.client(s) != null
                      && SessionFacts.client(s).toLowerCase(Locale.ROOT).contains(clientNeedle)));
    }

    private static boolean blank(String s) {
      return s == null || s.isBlank();
    }
  }

  /** Newest first. */
  public Page<SessionView> list(Filter filter, PageRequest page) {
    List<McpSession> matching = sessions.list().stream().filter(filter.predicate()).toList();
    Page<McpSession> p =
        page.apply(
            matching,
            SessionFacts.SortKey::of,
            SessionFacts.SortKey::toString,
            SessionFacts.SortKey::parse,
            true);
    return new Page<>(p.items().stream().map(SessionView::of).toList(), p.total(), p.next());
  }

  public SessionDebugView get(String id) {
    McpSession s = find(id);
    String podName = SessionFacts.podName(s);
    Pod pod = pod(podName);
    return SessionDebugView.of(s, pod, pod == null ? null : usage(podName), events(id, podName));
  }

  public void end(String id) {
    find(id);
    router.discard(id);
  }

  private McpSession find(String id) {
    if (!Names.isSessionName(id)) {
      throw AdminRequestException.notFound("no session " + id);
    }
    return sessions.find(id).orElseThrow(() -> AdminRequestException.notFound("no session " + id));
  }

  private Pod pod(String name) {
    try {
      return client.pods().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return null; // no pod, or the gateway may not read pods: the view says less, not nothing
      }
      throw e;
    }
  }

  /**
   * The pod's CPU and memory now from the metrics API ({@code metrics.k8s.io}); null when the
   * cluster has none (404), the gateway may not read it (403), it is not serving (503), or it has
   * no sample of the pod yet.
   */
  private SessionDebugView.PodUsage usage(String podName) {
    try {
      return SessionDebugView.PodUsage.of(client.top().pods().metrics(namespace, podName));
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  /** Events on the session and on its pod, oldest first. */
  private List<Event> events(String session, String podName) {
    return java.util.stream.Stream.of(session, podName)
        .distinct()
        .flatMap(name -> ObjectEvents.on(client, namespace, name).stream())
        .sorted(
            Comparator.comparing(e -> Objects.toString(SessionDebugView.EventView.lastSeen(e), "")))
        .toList();
  }
}
