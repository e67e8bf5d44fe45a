package dev.mcpspawner.oauth.testing;

import dev.mcpspawner.oauth.server.Pkce;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser stand-in for logic tests: keeps cookies, never follows redirects, reads forms. */
public final class BrowserlessClient {
  private static final Pattern HIDDEN =
      Pattern.compile("name=\"(request|csrf)\" value=\"([^\"]*)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * POSTs the authorization_code grant of {@code code} to the token endpoint {@code tokenUrl}, for
   * the public client {@code clientId}; a null value is left out of the form.
   */
  public HttpResponse<String> exchangeCode(
      String tokenUrl, String code, String verifier, String redirect, String clientId)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("code_verifier", verifier);
    form.put("redirect_uri", redirect);
    form.put("client_id", clientId);
    return post(tokenUrl, form);
  }

  public HttpResponse<String> postJson(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The hidden {@code request} and {@code csrf} fields of a page's first form. */
  public static Map<String, String> hiddenFields(String html) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = HIDDEN.matcher(html);
    while (m.find()) {
      out.putIfAbsent(m.group(1), m.group(2));
    }
    return out;
  }

  /**
   * The query of an authorization request for a code with PKCE (S256, the challenge of {@code
   * verifier}): {@code clientId}, back to {@code redirect} with {@code state}, then the pairs of
   * {@code more} (scope, resource; a null value is left out).
   */
  public static String authorizeQuery(
      String clientId, String redirect, String state, String verifier, String... more) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", redirect);
    query.put("state", state);
    query.put("code_challenge", Pkce.challengeOf(verifier));
    query.put("code_challenge_method", "S256");
    for (int i = 0; i + 1 < more.length; i += 2) {
      query.put(more[i], more[i + 1]);
    }
    return encode(query);
  }

  public static String encode(Map<String, String> form) {
    StringBuilder sb = new StringBuilder();
    form.forEach(
        (k, v) -> {
          if (v == null) {
            return;
          }
          if (!sb.isEmpty()) {
            sb.append('&');
          }
          sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return sb.toString();
  }

  /** A query parameter of a URL. */
  public static String param(String url, String name) {
    String q = URI.create(url).getRawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
