package dev.mcpspawner.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.oauth.store.Ids;
import dev.mcpspawner.oauth.store.OAuthStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 7591 dynamic client registration for clients that predate metadata documents. Every
 * registration is a Secret (the client secret, when there is one, only as a hash).
 */
public final class DynamicRegistrations {
  static final String KIND = "client";
  private static final Set<String> METHODS =
      Set.of("none", "client_secret_basic", "client_secret_post");
  private static final Set<String> GRANTS = Set.of("authorization_code", "refresh_token");

  /** Registration is open to anyone: a cap keeps it from filling etcd. */
  public static final int DEFAULT_MAX_CLIENTS = 5000;

  private final OAuthStore store;
  private final Clock clock;
  private final int maxClients;

  public DynamicRegistrations(OAuthStore store, Clock clock) {
    this(store, clock, DEFAULT_MAX_CLIENTS);
  }

  public DynamicRegistrations(OAuthStore store, Clock clock, int maxClients) {
    this.store = store;
    this.clock = clock;
    this.maxClients = maxClients;
  }

  /** Registers a client; returns the RFC 7591 response (with the secret, shown only once). */
  public Map<String, Object> register(JsonNode request) {
    if (request == null || !request.isObject()) {
      throw new ClientMetadataException("the registration request must be a JSON object");
    }
    List<String> redirects = strings(request.path("redirect_uris"));
    RedirectUris.check(redirects);
    String method = request.path("token_endpoint_auth_method").asText("client_secret_basic");
    if (!METHODS.contains(method)) {
      throw new ClientMetadataException("unsupported token_endpoint_auth_method " + method);
    }
    List<String> grants = strings(request.path("grant_types"));
    if (grants.isEmpty()) {
      grants = List.of("authorization_code", "refresh_token");
    }
    if (!GRANTS.containsAll(grants)) {
      throw new ClientMetadataException(
          "grant_types may only be authorization_code, refresh_token");
    }
    List<String> responseTypes = strings(request.path("response_types"));
    if (!responseTypes.isEmpty() && !responseTypes.equals(List.of("code"))) {
      throw new ClientMetadataException("response_types may only be code");
    }
    String name = trimmed(request.path("client_name").asText(null), 200);
    String clientUri = trimmed(request.path("client_uri").asText(null), 2000);
    if (store.count(KIND) >= maxClients) {
      throw new RegistrationRefusedException("the registration limit is reached");
    }
    String clientId = Ids.id();
    String secret = method.equals("none") ? null : Ids.secret();
    ClientRegistration client =
        new ClientRegistration(
            clientId,
            name,
            redirects,
            method,
            secret == null ? null : Ids.hash(secret),
            clientUri,
            false);
    store.create(KIND, clientId, client, null);

    Map<String, Object> response = new LinkedHashMap<>();
    response.put("client_id", clientId);
    if (secret != null) {
      response.put("client_secret", secret);
      response.put("client_secret_expires_at", 0);
    }
    response.put("client_id_issued_at", clock.instant().getEpochSecond());
    if (name != null) {
      response.put("client_name", name);
    }
    response.put("redirect_uris", redirects);
    response.put("grant_types", grants);
    response.put("response_types", List.of("code"));
    response.put("token_endpoint_auth_method", method);
    if (clientUri != null) {
      response.put("client_uri", clientUri);
    }
    return response;
  }

  public Optional<ClientRegistration> find(String clientId) {
    if (clientId == null || !clientId.matches("[0-9a-f]{40}")) {
      return Optional.empty();
    }
    return store.get(KIND, clientId, ClientRegistration.class).map(OAuthStore.Stored::value);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static String trimmed(String s, int max) {
    return s == null ? null : s.length() > max ? s.substring(0, max) : s;
  }
}
