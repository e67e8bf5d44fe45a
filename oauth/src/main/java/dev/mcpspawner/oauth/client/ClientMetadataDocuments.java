package dev.mcpspawner.oauth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client ID Metadata Documents: the client id is an https URL, and the JSON behind it says the
 * client's name and redirect URIs. Fetched through a {@link SafeFetcher}, checked, and cached for
 * the document's {@code max-age} (between one minute and a day; ten minutes when unsaid). The cache
 * is only a cache: every replica can fetch the document again.
 */
public final class ClientMetadataDocuments {
  private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");
  private static final int MAX_CACHED = 1000;

  private final SafeFetcher fetcher;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(ClientRegistration client, Instant until) {}

  public ClientMetadataDocuments(SafeFetcher fetcher, Clock clock) {
    this.fetcher = fetcher;
    this.clock = clock;
  }

  /** Whether a client id names a metadata document rather than a registration. */
  public static boolean isUrlClientId(String clientId) {
    return clientId != null && clientId.startsWith("https://");
  }

  public ClientRegistration resolve(String clientId) {
    Cached hit = cache.get(clientId);
    if (hit != null && hit.until().isAfter(clock.instant())) {
      return hit.client();
    }
    URI uri = checkUrl(clientId);
    SafeFetcher.Response response = fetcher.get(uri);
    ClientRegistration client = parse(clientId, response.body());
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(clientId, new Cached(client, clock.instant().plus(ttl(response.headers()))));
    return client;
  }

  static URI checkUrl(String clientId) {
    try {
      URI uri = new URI(clientId);
      if (!"https".equals(uri.getScheme())
          || uri.getHost() == null
          || uri.getRawPath() == null
          || uri.getRawPath().isEmpty()
          || uri.getRawPath().equals("/")
          || uri.getRawFragment() != null
          || uri.getRawUserInfo() != null
          || clientId.length() > 2000) {
        throw new ClientMetadataException("not a client metadata URL: " + clientId);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ClientMetadataException("not a URL: " + clientId);
    }
  }

  private ClientRegistration parse(String clientId, byte[] body) {
    JsonNode doc;
    try {
      doc = json.readTree(body);
    } catch (IOException e) {
      throw new ClientMetadataException("client metadata document is not JSON");
    }
    if (doc == null || !doc.isObject()) {
      throw new ClientMetadataException("client metadata document is not a JSON object");
    }
    if (!clientId.equals(doc.path("client_id").asText())) {
      throw new ClientMetadataException("client_id in the document differs from its URL");
    }
    List<String> redirects = new ArrayList<>();
    doc.path("redirect_uris").forEach(n -> redirects.add(n.asText()));
    RedirectUris.check(redirects);
    String method = doc.path("token_endpoint_auth_method").asText("none");
    if (!method.equals("none")) {
      // A document is public: a shared secret in it would be no secret.
      throw new ClientMetadataException("unsupported token_endpoint_auth_method " + method);
    }
    String name = doc.path("client_name").asText(null);
    if (name != null && name.length() > 200) {
      name = name.substring(0, 200);
    }
    String uri = doc.path("client_uri").asText(null);
    return new ClientRegistration(clientId, name, redirects, "none", null, uri, true);
  }

  private Duration ttl(Map<String, String> headers) {
    String cc = headers.getOrDefault("cache-control", "");
    if (cc.contains("no-store") || cc.contains("no-cache")) {
      return Duration.ofMinutes(1);
    }
    Matcher m = MAX_AGE.matcher(cc);
    long seconds = m.find() ? Long.parseLong(m.group(1)) : 600;
    return Duration.ofSeconds(Math.max(60, Math.min(seconds, 86_400)));
  }
}
