package dev.mcpspawner.gateway.user;

import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.RateLimit;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.gateway.auth.Principal;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The McpUsers of the sessions namespace as the gateway needs them on every request: an informer
 * cache, and the user's object created just in time on their first authenticated request (only
 * then: a request that fails authentication creates nothing). Knows nothing of HTTP.
 */
public final class UserDirectory implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final UserDefaults defaults;
  private final SharedIndexInformer<McpUser> informer;
  private volatile java.util.concurrent.CompletableFuture<Void> synced;
  private final Set<String> created = ConcurrentHashMap.newKeySet();
  // Slugs of ids that are not DNS labels take a hash; this is on every request. Only
  // authenticated ids get here, so the map grows with real users only.
  private final Map<String, String> slugs = new ConcurrentHashMap<>();
  private volatile Consumer<McpUser> onCreated = user -> {};

  public UserDirectory(KubernetesClient client, String namespace, UserDefaults defaults) {
    this.client = client;
    this.namespace = namespace;
    this.defaults = defaults;
    this.informer = client.resources(McpUser.class).inNamespace(namespace).runnableInformer(0);
    // Once the cache holds a user, a later deletion (an administrator's) lets them be made again.
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(McpUser user) {
            created.remove(user.getMetadata().getName());
          }

          @Override
          public void onUpdate(McpUser old, McpUser user) {}

          @Override
          public void onDelete(McpUser user, boolean unknownFinalState) {}
        });
  }

  /** Starts the informer; {@link #synced} completes once it has listed everything. */
  public UserDirectory start() {
    synced = informer.start().toCompletableFuture();
    return this;
  }

  /** Completes when the informer has synced for the first time (null before {@link #start}). */
  public java.util.concurrent.CompletableFuture<Void> synced() {
    return synced;
  }

  public boolean hasSynced() {
    return informer.hasSynced();
  }

  /** Told of every McpUser this gateway created (the audit line). */
  public void onCreated(Consumer<McpUser> listener) {
    this.onCreated = listener;
  }

  /**
   * The principal as its McpUser shapes it: refused when disabled, its groups widened by the
   * object's, the object's server allow-list added. The object is created on first sight.
   */
  public Principal admit(Principal principal) {
    McpUser user = find(principal.userId()).orElseGet(() -> createFor(principal));
    if (user == null || user.getSpec() == null) {
      return principal;
    }
    McpUserSpec spec = user.getSpec();
    if (spec.isDisabled()) {
      throw new UserDisabledException(principal);
    }
    if (spec.getGroups().isEmpty() && spec.getServers().isEmpty()) {
      return principal;
    }
    Set<String> groups = new HashSet<>(principal.groups());
    groups.addAll(spec.getGroups());
    return principal.withUserRules(groups, Set.copyOf(spec.getServers()));
  }

  /** The user's McpUser from the cache; never another subject's object under a colliding name. */
  public Optional<McpUser> find(String userId) {
    McpUser user = informer.getStore().getByKey(namespace + "/" + slugOf(userId));
    if (user == null || user.getSpec() == null || !userId.equals(user.getSpec().getSubject())) {
      return Optional.empty();
    }
    return Optional.of(user);
  }

  /**
   * The user's McpUser for writing things it owns: from the cache, or from the API when the cache
   * has not caught up with its creation a moment ago.
   */
  public Optional<McpUser> current(String userId) {
    Optional<McpUser> cached = find(userId);
    if (cached.isPresent()) {
      return cached;
    }
    McpUser user =
        client.resources(McpUser.class).inNamespace(namespace).withName(slugOf(userId)).get();
    if (user == null || user.getSpec() == null || !userId.equals(user.getSpec().getSubject())) {
      return Optional.empty();
    }
    return Optional.of(user);
  }

  /** Every cached McpUser (the admin API's list). */
  public List<McpUser> list() {
    return informer.getStore().list();
  }

  /** The cached McpUser of this object name (a slug), whoever its subject. */
  public Optional<McpUser> byName(String name) {
    return Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
  }

  /** The instant before which the user's tokens are refused, if one is set and readable. */
  public Optional<Instant> tokensNotBefore(String userId) {
    return find(userId)
        .map(u -> u.getSpec().getTokensNotBefore())
        .flatMap(
            text -> {
              try {
                return Optional.of(Instant.parse(text));
              } catch (DateTimeParseException e) {
                // Unreadable: the operator reports it (Valid=False); refuse every token meanwhile
                // rather than none, since an administrator meant to revoke something.
                return Optional.of(Instant.MAX);
              }
            });
  }

  public UserQuota quotaOf(String userId) {
    return defaults.quotaOf(find(userId).orElse(null));
  }

  public RateLimit rateLimitOf(String userId) {
    return defaults.rateLimitOf(find(userId).orElse(null));
  }

  /** Creates the user's McpUser (at most once per process while the cache catches up). */
  private McpUser createFor(Principal principal) {
    String slug = slugOf(principal.userId());
    if (!created.add(slug)) {
      return null; // created a moment ago; the cache will have it shortly
    }
    McpUser user = new McpUser();
    user.setMetadata(
        new ObjectMetaBuilder()
            .withName(slug)
            .withNamespace(namespace)
            .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
            .build());
    user.setSpec(new McpUserSpec(principal.userId()));
    try {
      McpUser made = client.resource(user).create();
      onCreated.accept(made);
      return made;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return null; // another replica created it first
      }
      created.remove(slug);
      throw e;
    }
  }

  private String slugOf(String userId) {
    return slugs.computeIfAbsent(userId, Names::userSlug);
  }

  @Override
  public void close() {
    informer.close();
  }
}
