package dev.mcpspawner.gateway.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.SessionPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The McpSessions of the sessions namespace: an informer cache for routing, the API for writes, and
 * waiting for a session to settle (Ready, Failed or gone). Reads fall back to the API on a cache
 * miss so that a session another gateway created a moment ago is found.
 */
public final class SessionStore extends InformerCache<McpSession> {
  private static final String BY_USER = "user";

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, CompletableFuture<McpSession>> settling = new ConcurrentHashMap<>();

  public SessionStore(KubernetesClient client, String namespace) {
    super(client.resources(McpSession.class).inNamespace(namespace).runnableInformer(0));
    this.client = client;
    this.namespace = namespace;
    informer.addIndexers(Map.of(BY_USER, SessionStore::userLabel));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(McpSession s) {
            observe(s);
          }

          @Override
          public void onUpdate(McpSession old, McpSession s) {
            observe(s);
          }

          @Override
          public void onDelete(McpSession s, boolean unknownFinalState) {
            CompletableFuture<McpSession> waiter = settling.remove(s.getMetadata().getName());
            if (waiter != null) {
              waiter.completeExceptionally(new SpawnFailedException("the session was deleted"));
            }
          }
        });
  }

  /** The cached sessions of one user, by the slug their user label carries. */
  public List<McpSession> ofUser(String userSlug) {
    return informer.getIndexer().byIndex(BY_USER, userSlug);
  }

  private static List<String> userLabel(McpSession s) {
    var labels = s.getMetadata().getLabels();
    String slug = labels == null ? null : labels.get(McpSpawner.LABEL_USER);
    return slug == null ? List.of() : List.of(slug);
  }

  /** Every cached session. */
  public List<McpSession> list() {
    return informer.getStore().list();
  }

  /** The session from the cache, or from the API when the cache has not seen it yet. */
  public Optional<McpSession> find(String name) {
    McpSession cached = informer.getStore().getByKey(namespace + "/" + name);
    if (cached != null) {
      return Optional.of(cached);
    }
    return Optional.ofNullable(
        client.resources(McpSession.class).inNamespace(namespace).withName(name).get());
  }

  /** Creates the session; a 409 (someone created it first) surfaces as the fabric8 exception. */
  public McpSession create(McpSession session) {
    session.getMetadata().setNamespace(namespace);
    return client.resource(session).create();
  }

  public void delete(String name) {
    try {
      client.resources(McpSession.class).inNamespace(namespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Patches one annotation: a JSON merge patch on the cached session, so no read and no conflict. A
   * session the cache no longer has has ended; there is nothing to record on it.
   */
  public void annotate(String name, String key, String value) {
    McpSession cached = informer.getStore().getByKey(namespace + "/" + name);
    if (cached == null) {
      return;
    }
    var patch = Map.of("metadata", Map.of("annotations", Map.of(key, value)));
    try {
      // on the cached object: patching by name alone makes fabric8 GET the session first
      client
          .resources(McpSession.class)
          .inNamespace(namespace)
          .resource(cached)
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Waits until the session is Ready and returns it; throws {@link SpawnFailedException} saying why
   * when it fails, is deleted, or does not get there within {@code timeout}.
   */
  public McpSession awaitReady(String name, Duration timeout) {
    CompletableFuture<McpSession> waiter =
        settling.computeIfAbsent(name, n -> new CompletableFuture<>());
    find(name).ifPresentOrElse(this::observe, () -> settle(name, null));
    try {
      return waiter.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new SpawnFailedException(
          "the MCP server did not become ready within " + timeout.toSeconds() + "s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SpawnFailedException failed) {
        throw failed;
      }
      throw new SpawnFailedException("waiting for the session failed: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SpawnFailedException("interrupted while waiting for the session");
    } finally {
      settling.remove(name, waiter);
    }
  }

  private void observe(McpSession s) {
    String name = s.getMetadata().getName();
    if (settling.containsKey(name)) {
      settle(name, s);
    }
  }

  private void settle(String name, McpSession s) {
    CompletableFuture<McpSession> waiter = settling.get(name);
    if (waiter == null) {
      return;
    }
    if (s == null) {
      waiter.completeExceptionally(new SpawnFailedException("the session does not exist"));
      return;
    }
    SessionPhase phase = s.getStatus() == null ? null : s.getStatus().getPhase();
    if (phase == SessionPhase.Ready && s.getStatus().getEndpoint() != null) {
      waiter.complete(s);
    } else if (phase == SessionPhase.Failed) {
      waiter.completeExceptionally(
          new SpawnFailedException(failureText(s), s.getStatus().getReason()));
    } else if (phase == SessionPhase.Terminating
        || s.getMetadata().getDeletionTimestamp() != null) {
      waiter.completeExceptionally(new SpawnFailedException("the session is ending"));
    }
  }

  static String failureText(McpSession s) {
    var st = s.getStatus();
    StringBuilder text = new StringBuilder("the MCP server failed to start");
    if (st.getReason() != null) {
      text.append(" (").append(st.getReason()).append(")");
    }
    if (st.getMessage() != null) {
      text.append(": ").append(st.getMessage());
    }
    if (st.getExitCode() != null) {
      text.append("; exit code ").append(st.getExitCode());
    }
    if (st.getStderrTail() != null && !st.getStderrTail().isBlank()) {
      text.append("; stderr: ").append(st.getStderrTail().strip());
    }
    return text.toString();
  }
}
