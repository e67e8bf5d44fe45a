package dev.mcpspawner.oauth.server;

import dev.mcpspawner.oauth.OAuthSettings;
import dev.mcpspawner.oauth.client.ClientMetadataException;
import dev.mcpspawner.oauth.client.ClientRegistration;
import dev.mcpspawner.oauth.client.ClientRegistry;
import dev.mcpspawner.oauth.login.UserIdentity;
import dev.mcpspawner.oauth.metadata.GatewayResource;
import dev.mcpspawner.oauth.store.Ids;
import dev.mcpspawner.oauth.store.OAuthStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The logic of {@code /oauth/authorize} and of the login and consent steps after it. Until the
 * client and its redirect URI are known to match, problems are shown to the user and never sent to
 * the redirect URI (so the endpoint cannot be used as an open redirector); after that, they go back
 * to the client as {@code error} with {@code state} and {@code iss} (RFC 9207).
 */
public final class AuthorizationEndpoint {
  static final String KIND_REQUEST = "authreq";
  static final String KIND_CODE = "code";
  private static final Set<String> SCOPES = Set.of(OAuthSettings.SCOPE_MCP, "offline_access");

  /** What {@link #begin} decided. */
  public sealed interface Outcome {}

  /** Shown to the user: the client or its redirect URI is not what it claims. */
  public record ErrorPage(String title, String message) implements Outcome {}

  /** Sent back to the client. */
  public record Redirect(URI location) implements Outcome {}

  /** Go on to the login page; {@code browserSecret} becomes the cookie value. */
  public record Started(String requestId, PendingAuthorization request, String browserSecret)
      implements Outcome {}

  private final OAuthSettings settings;
  private final GatewayResource resources;
  private final ClientRegistry clients;
  private final OAuthStore store;
  private final Clock clock;

  public AuthorizationEndpoint(
      OAuthSettings settings, ClientRegistry clients, OAuthStore store, Clock clock) {
    this.settings = settings;
    this.resources = new GatewayResource(settings.publicUrl());
    this.clients = clients;
    this.store = store;
    this.clock = clock;
  }

  public Outcome begin(Map<String, String> params) {
    String clientId = params.get("client_id");
    String redirectUri = params.get("redirect_uri");
    if (clientId == null || clientId.isBlank()) {
      return new ErrorPage(
          "Unknown application", "The request does not say which application is asking.");
    }
    ClientRegistration client;
    try {
      Optional<ClientRegistration> found = clients.find(clientId);
      if (found.isEmpty()) {
        return new ErrorPage("Unknown application", "This application is not registered here.");
      }
      client = found.get();
    } catch (ClientMetadataException e) {
      return new ErrorPage(
          "Unknown application",
          "The application's description could not be used: " + e.getMessage());
    }
    if (!client.allowsRedirect(redirectUri)) {
      return new ErrorPage(
          "Redirect address not allowed",
          "The application asked to return to an address it did not register. Nothing was sent to it.");
    }
    String state = params.get("state");
    if (!"code".equals(params.get("response_type"))) {
      return error(redirectUri, state, "unsupported_response_type", "response_type must be code");
    }
    String challenge = params.get("code_challenge");
    if (challenge == null) {
      return error(redirectUri, state, "invalid_request", "PKCE code_challenge is required");
    }
    if (!"S256".equals(params.get("code_challenge_method")) || !Pkce.isChallenge(challenge)) {
      return error(redirectUri, state, "invalid_request", "code_challenge_method must be S256");
    }
    String requestedResource = params.get("resource");
    String resource;
    if (requestedResource == null || requestedResource.isBlank()) {
      resource = resources.base();
    } else {
      Optional<String> canonical = resources.canonical(requestedResource);
      if (canonical.isEmpty()) {
        return error(redirectUri, state, "invalid_target", "resource is not this gateway");
      }
      resource = canonical.get();
    }
    String scope;
    try {
      scope = scope(params.get("scope"));
    } catch (IllegalArgumentException e) {
      return error(redirectUri, state, "invalid_scope", e.getMessage());
    }
    String id = Ids.id();
    String browserSecret = Ids.secret();
    PendingAuthorization request =
        new PendingAuthorization(
            client.clientId(),
            client.displayName(),
            redirectUri,
            state,
            challenge,
            resource,
            scope,
            Ids.hash(browserSecret),
            Ids.secret(),
            null,
            null,
            null,
            null,
            0);
    store.create(KIND_REQUEST, id, request, clock.instant().plus(settings.requestTtl()));
    return new Started(id, request, browserSecret);
  }

  /** The pending request, if it exists and belongs to the browser presenting the cookie. */
  public Optional<OAuthStore.Stored<PendingAuthorization>> pending(
      String requestId, String browserSecret) {
    if (requestId == null || !requestId.matches("[0-9a-f]{40}") || browserSecret == null) {
      return Optional.empty();
    }
    return store
        .get(KIND_REQUEST, requestId, PendingAuthorization.class)
        .filter(s -> Ids.same(s.value().browserHash(), Ids.hash(browserSecret)));
  }

  /** Finds a pending request by the state sent to the upstream provider. */
  public Optional<OAuthStore.Stored<PendingAuthorization>> byUpstreamState(
      String upstreamState, String browserSecret) {
    if (upstreamState == null || !upstreamState.contains(".")) {
      return Optional.empty();
    }
    String id = upstreamState.substring(0, upstreamState.indexOf('.'));
    return pending(id, browserSecret)
        .filter(s -> Ids.same(s.value().upstreamState(), upstreamState));
  }

  /**
   * Counts one password attempt on the sign-in before the password is checked, as a wrong one until
   * it proves right: the new record, or empty when {@code maxAttempts} are used up or another
   * attempt on the same sign-in got there first (that one is not checked: concurrent guesses cannot
   * get more checks than the limit).
   */
  public Optional<OAuthStore.Stored<PendingAuthorization>> reserveLogin(
      OAuthStore.Stored<PendingAuthorization> stored, int maxAttempts) {
    if (stored.value().failedLogins() >= maxAttempts) {
      return Optional.empty();
    }
    return store.replaced(
        stored, stored.value().withFailedLogin(), clock.instant().plus(settings.requestTtl()));
  }

  public boolean update(OAuthStore.Stored<PendingAuthorization> stored, PendingAuthorization next) {
    return store.replace(stored, next, clock.instant().plus(settings.requestTtl()));
  }

  /**
   * The user allowed it: a code goes back to the client. Empty when the request was answered
   * already (a double submit, possibly on another replica): one consent, one code.
   */
  public Optional<URI> approve(OAuthStore.Stored<PendingAuthorization> stored) {
    PendingAuthorization r = stored.value();
    UserIdentity user = r.user();
    if (user == null) {
      throw new IllegalStateException("nobody has signed in for this request");
    }
    if (!store.delete(KIND_REQUEST, stored.id())) {
      return Optional.empty();
    }
    String code = Ids.secret();
    java.time.Instant expires = clock.instant().plus(settings.codeTtl());
    store.create(
        KIND_CODE,
        Ids.hash(code),
        new CodeRecord(
            r.clientId(),
            r.redirectUri(),
            r.codeChallenge(),
            r.resource(),
            r.scope(),
            user,
            expires,
            false,
            null),
        // Kept past its expiry so that a late replay still finds it and revokes its tokens.
        expires.plus(settings.accessTokenTtl()));
    Map<String, String> q = new LinkedHashMap<>();
    q.put("code", code);
    q.put("state", r.state());
    q.put("iss", settings.issuer());
    return Optional.of(append(r.redirectUri(), q));
  }

  /** Forgets a request (too many wrong passwords). */
  public void drop(String requestId) {
    store.delete(KIND_REQUEST, requestId);
  }

  /** The user said no. */
  public URI deny(OAuthStore.Stored<PendingAuthorization> stored) {
    store.delete(KIND_REQUEST, stored.id());
    PendingAuthorization r = stored.value();
    return ((Redirect) error(r.redirectUri(), r.state(), "access_denied", "the user declined"))
        .location();
  }

  private Outcome error(String redirectUri, String state, String error, String description) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("error", error);
    q.put("error_description", description);
    q.put("state", state);
    q.put("iss", settings.issuer());
    return new Redirect(append(redirectUri, q));
  }

  static String scope(String requested) {
    if (requested == null || requested.isBlank()) {
      return OAuthSettings.SCOPE_MCP;
    }
    Set<String> scopes = new LinkedHashSet<>(Arrays.asList(requested.trim().split("\\s+")));
    for (String s : scopes) {
      if (!SCOPES.contains(s)) {
        throw new IllegalArgumentException("unknown scope " + s);
      }
    }
    return String.join(" ", scopes);
  }

  static URI append(String base, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(base);
    char sep = base.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      sb.append(sep)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return URI.create(sb.toString());
  }
}
