package dev.mcpspawner.oauth.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Which redirect URIs a client may register: https, or http on a loopback address (RFC 8252). */
public final class RedirectUris {
  private RedirectUris() {}

  public static void check(List<String> uris) {
    if (uris == null || uris.isEmpty()) {
      throw new ClientMetadataException("redirect_uris is required");
    }
    if (uris.size() > 10) {
      throw new ClientMetadataException("at most 10 redirect_uris");
    }
    for (String uri : uris) {
      check(uri);
    }
  }

  static void check(String raw) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException | NullPointerException e) {
      throw new ClientMetadataException("redirect URI is not a URI: " + raw);
    }
    if (raw.length() > 2000 || uri.getRawFragment() != null || uri.getHost() == null) {
      throw new ClientMetadataException("redirect URI must be absolute, without fragment: " + raw);
    }
    String scheme = uri.getScheme().toLowerCase();
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && isLoopback(uri.getHost())) {
      return;
    }
    throw new ClientMetadataException("redirect URI must be https or http on loopback: " + raw);
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.equals("[::1]")
        || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
