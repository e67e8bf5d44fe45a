package dev.mcpspawner.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.McpUserSpec;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserDefaults;
import dev.mcpspawner.gateway.session.SessionRouter;
import dev.mcpspawner.gateway.session.SessionStore;
import dev.mcpspawner.gateway.user.UserDirectory;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Users for the admin API, as McpUsers: reads from the informer cache (every replica answers the
 * same), writes to the API (so kubectl and the API are two views of one object). Edits are JSON
 * merge patches of {@code spec}, checked field by field first. Knows nothing of HTTP.
 */
public final class UserAdmin {
  /** Spec fields the API may change; {@code subject} is fixed, since the name is its slug. */
  static final Set<String> EDITABLE =
      Set.of(
          "displayName",
          "email",
          "disabled",
          "groups",
          "servers",
          "quota",
          "rateLimit",
          "tokensNotBefore");

  private static final int MAX_TEXT = 1024;

  private final KubernetesClient client;
  private final String namespace;
  private final UserDirectory users;
  private final SessionStore sessions;
  private final SessionRouter router;
  private final UserDefaults defaults;
  private final Clock clock;
  private final PodMetricsSource metrics;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param metrics the session pods' actual CPU and memory (the metrics API)
   */
  public UserAdmin(
      KubernetesClient client,
      String namespace,
      UserDirectory users,
      SessionStore sessions,
      SessionRouter router,
      UserDefaults defaults,
      Clock clock,
      PodMetricsSource metrics) {
    this.client = client;
    this.namespace = namespace;
    this.users = users;
    this.sessions = sessions;
    this.router = router;
    this.defaults = defaults;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * @param disabled only disabled ({@code true}) or enabled ({@code false}) users; null: all
   * @param search case-insensitive part of the subject, display name, email or name; null: all
   */
  public Page<UserView> list(Boolean disabled, String search, PageRequest page) {
    String needle = search == null || search.isBlank() ? null : search.toLowerCase(Locale.ROOT);
    List<McpUser> matching =
        users.list().stream()
            .filter(u -> u.getSpec() != null)
            .filter(u -> disabled == null || u.getSpec().isDisabled() == disabled)
            .filter(u -> needle == null || matches(u, needle))
            .toList();
    Page<McpUser> p = page.apply(matching, u -> u.getMetadata().getName(), false);
    return new Page<>(p.items().stream().map(this::view).toList(), p.total(), p.next());
  }

  private static boolean matches(McpUser u, String needle) {
    McpUserSpec spec = u.getSpec();
    for (String field :
        new String[] {
          u.getMetadata().getName(), spec.getSubject(), spec.getDisplayName(), spec.getEmail()
        }) {
      if (field != null && field.toLowerCase(Locale.ROOT).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One user, read from the API rather than the cache: right after an edit (the dashboard draws the
   * page again) the cache may be a moment behind, and one object is a cheap read.
   */
  public UserView get(String name) {
    if (!Names.isDnsLabel(name)) {
      throw AdminRequestException.notFound("no user named " + name);
    }
    McpUser user = api().withName(name).get();
    if (user == null) {
      throw AdminRequestException.notFound("no user named " + name);
    }
    return view(user);
  }

  /** The cached McpUser of this name, else the API's (one created a moment ago), else 404. */
  McpUser find(String name) {
    if (!Names.isDnsLabel(name)) {
      throw AdminRequestException.notFound("no user named " + name);
    }
    return users
        .byName(name)
        .or(() -> Optional.ofNullable(api().withName(name).get()))
        .orElseThrow(() -> AdminRequestException.notFound("no user named " + name));
  }

  /** Creates a user ahead of their first sign-in: {@code subject} required, the rest optional. */
  public UserView create(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw AdminRequestException.badRequest("the body must be a JSON object");
    }
    String subject = body.path("subject").isTextual() ? body.get("subject").asText() : null;
    if (subject == null || subject.isBlank() || subject.length() > MAX_TEXT) {
      throw AdminRequestException.badRequest("subject is required: the user id sign-in reports");
    }
    ObjectNode rest = ((ObjectNode) body).deepCopy();
    rest.remove("subject");
    ObjectNode spec = checkedSpecPatch(rest);
    spec.put("subject", subject);
    McpUser user = new McpUser();
    user.setMetadata(
        new ObjectMetaBuilder()
            .withName(Names.userSlug(subject))
            .withNamespace(namespace)
            .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
            .build());
    try {
      user.setSpec(json.treeToValue(spec, McpUserSpec.class));
    } catch (Exception e) {
      throw AdminRequestException.badRequest("not a valid user: " + e.getMessage());
    }
    try {
      return view(client.resource(user).create());
    } catch (KubernetesClientException e) {
      throw translated(e, user.getMetadata().getName());
    }
  }

  /**
   * Changes the fields the body names (JSON merge patch semantics: null removes a field, an object
   * merges); {@code "tokensNotBefore": "now"} revokes every sign-in until now.
   */
  public UserView update(String name, JsonNode body) {
    find(name);
    if (body == null || !body.isObject()) {
      throw AdminRequestException.badRequest("the body must be a JSON object");
    }
    if (body.has("subject")) {
      throw AdminRequestException.badRequest(
          "subject cannot change: the object's name is its slug; create another user");
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("spec", checkedSpecPatch((ObjectNode) body));
    return view(patch(name, patch));
  }

  /** Refuses every token issued before now (sets {@code tokensNotBefore}). */
  public UserView revoke(String name) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("spec").put("tokensNotBefore", now());
    find(name);
    return view(patch(name, patch));
  }

  /**
   * Deletes the McpUser after ending their sessions (their McpSessions). The home volume stays: it
   * belongs to no McpUser. The user's next authenticated request makes a new McpUser from the
   * defaults; disable a user to keep them out.
   */
  public Deleted delete(String name) {
    McpUser user = find(name);
    Set<String> ended = new LinkedHashSet<>();
    sessionsOf(user).forEach(s -> ended.add(s.getMetadata().getName()));
    // and any the cache has not seen yet: a session created a moment ago must not outlive its user
    client
        .resources(McpSession.class)
        .inNamespace(namespace)
        .withLabel(McpSpawner.LABEL_USER, name)
        .list()
        .getItems()
        .forEach(s -> ended.add(s.getMetadata().getName()));
    ended.forEach(router::discard);
    try {
      api().withName(name).delete();
    } catch (KubernetesClientException e) {
      throw translated(e, name);
    }
    return new Deleted(name, List.copyOf(ended), Names.homeClaimName(name));
  }

  /**
   * What a delete did.
   *
   * @param sessionsEnded the McpSessions deleted
   * @param homeVolumeKept the user's home volume claim, which is not deleted
   */
  public record Deleted(String name, List<String> sessionsEnded, String homeVolumeKept) {}

  /** The user's McpSessions in the cache, by their user label, that name this subject. */
  List<McpSession> sessionsOf(McpUser user) {
    String subject = user.getSpec() == null ? null : user.getSpec().getSubject();
    return sessions.ofUser(user.getMetadata().getName()).stream()
        .filter(s -> subject == null || subject.equals(SessionFacts.user(s)))
        .toList();
  }

  UserView view(McpUser user) {
    List<McpSession> own = sessionsOf(user);
    return UserView.of(
        user,
        defaults.quotaOf(user),
        own,
        clock.instant().minus(dev.mcpspawner.gateway.ops.StatusBuckets.KEEP),
        metrics.sum(own));
  }

  private McpUser patch(String name, ObjectNode patch) {
    try {
      return api().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      throw translated(e, name);
    }
  }

  /** The body's fields, each checked against what the McpUser schema takes. */
  private ObjectNode checkedSpecPatch(ObjectNode body) {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (!EDITABLE.contains(key)) {
        throw AdminRequestException.badRequest(
            "unknown field "
                + key
                + "; editable: "
                + String.join(", ", EDITABLE.stream().sorted().toList()));
      }
      spec.set(key, checked(key, value));
    }
    return spec;
  }

  private JsonNode checked(String key, JsonNode value) {
    if (value.isNull()) {
      return value;
    }
    switch (key) {
      case "displayName", "email" -> requireText(key, value);
      case "disabled" -> {
        if (!value.isBoolean()) {
          throw AdminRequestException.badRequest("disabled must be true or false");
        }
      }
      case "groups", "servers" -> {
        if (!value.isArray()) {
          throw AdminRequestException.badRequest(key + " must be a list of names");
        }
        value.forEach(v -> requireText(key, v));
      }
      case "quota" -> {
        requireObject(key, value, Set.of("sessions", "cpu", "memory", "storage"));
        value
            .fields()
            .forEachRemaining(
                f -> {
                  if (f.getKey().equals("sessions")) {
                    requireCount("quota.sessions", f.getValue(), 0);
                  } else {
                    requireQuantity("quota." + f.getKey(), f.getValue());
                  }
                });
      }
      case "rateLimit" -> {
        requireObject(key, value, Set.of("requestsPerMinute", "burst"));
        requireCount("rateLimit.requestsPerMinute", value.get("requestsPerMinute"), 0);
        requireCount("rateLimit.burst", value.get("burst"), 1);
      }
      case "tokensNotBefore" -> {
        requireText(key, value);
        if (value.asText().equalsIgnoreCase("now")) {
          return JsonNodeFactory.instance.textNode(now());
        }
        try {
          return JsonNodeFactory.instance.textNode(Instant.parse(value.asText()).toString());
        } catch (DateTimeParseException e) {
          throw AdminRequestException.badRequest(
              "tokensNotBefore must be an RFC 3339 instant (2025-01-31T12:00:00Z) or \"now\"");
        }
      }
      default -> throw new IllegalStateException(key);
    }
    return value;
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void requireText(String key, JsonNode v) {
    if (!v.isTextual() || v.asText().length() > MAX_TEXT) {
      throw AdminRequestException.badRequest(key + " must be text of at most " + MAX_TEXT);
    }
  }

  private static void requireObject(String key, JsonNode v, Set<String> fields) {
    if (!v.isObject()) {
      throw AdminRequestException.badRequest(key + " must be an object");
    }
    v.fieldNames()
        .forEachRemaining(
            f -> {
              if (!fields.contains(f)) {
                throw AdminRequestException.badRequest("unknown field " + key + "." + f);
              }
            });
  }

  private static void requireCount(String key, JsonNode v, int min) {
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min) {
      throw AdminRequestException.badRequest(key + " must be a whole number of at least " + min);
    }
  }

  private static void requireQuantity(String key, JsonNode v) {
    if (v.isNull()) {
      return;
    }
    try {
      Quantity q = new Quantity(v.asText());
      if (!v.isTextual() && !v.isNumber() || Quantity.getAmountInBytes(q).signum() < 0) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw AdminRequestException.badRequest(
          key + " must be a non-negative quantity (e.g. 2, 500m, 4Gi)");
    }
  }

  private RuntimeException translated(KubernetesClientException e, String name) {
    return switch (e.getCode()) {
      case 404 -> AdminRequestException.notFound("no user named " + name);
      case 409 ->
          new AdminRequestException(
              AdminRequestException.Problem.CONFLICT, "a user named " + name + " exists already");
      case 422, 400 ->
          AdminRequestException.badRequest("the API refused it: " + e.getStatus().getMessage());
      default -> e;
    };
  }

  private NonNamespaceOperation<McpUser, KubernetesResourceList<McpUser>, Resource<McpUser>> api() {
    return client.resources(McpUser.class).inNamespace(namespace);
  }
}
