package dev.mcpspawner.gateway;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may call the gateway. Requests without {@code Origin} (every non-browser
 * MCP client) pass; the gateway's own public origin is always allowed.
 */
public final class OriginPolicy {
  private final Set<String> allowed;

  public OriginPolicy(Set<String> allowedOrigins, String publicUrl) {
    Set<String> all = new HashSet<>();
    allowedOrigins.forEach(o -> all.add(normalize(o)));
    if (publicUrl != null) {
      URI uri = URI.create(publicUrl);
      all.add(normalize(uri.getScheme() + "://" + uri.getRawAuthority()));
    }
    this.allowed = Set.copyOf(all);
  }

  public void check(String origin) {
    if (origin != null && !allowed.contains("*") && !allowed.contains(normalize(origin))) {
      throw new OriginRejectedException(origin);
    }
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
