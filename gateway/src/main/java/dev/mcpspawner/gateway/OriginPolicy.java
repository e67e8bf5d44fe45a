package dev.mcpspawner.gateway;

import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

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

  /** Request headers a browser MCP client sends, for CORS preflights. */
  public static final String ALLOWED_HEADERS =
      "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID,"
          + " Mcp-Method, Mcp-Name";

  private static final java.util.regex.Pattern PARAM_HEADER =
      java.util.regex.Pattern.compile("(?i)mcp-param-[!#$%&'*+.^_`|~0-9a-z-]{1,64}");

  /** At most this many {@code Mcp-Param-*} headers are allowed in one preflight answer. */
  static final int MAX_PARAM_HEADERS = 64;

  /**
   * The preflight's {@code Access-Control-Allow-Headers}: {@link #ALLOWED_HEADERS}, and the {@code
   * Mcp-Param-<Name>} headers the browser asks for (2026-07-28 tools name them in {@code
   * x-mcp-header}, so no fixed list can hold them); other requested headers are not echoed.
   */
  public static String allowedHeaders(String requested) {
    StringBuilder out = new StringBuilder(ALLOWED_HEADERS);
    if (requested == null) {
      return out.toString();
    }
    int added = 0;
    for (String name : requested.split(",")) {
      String h = name.trim();
      if (added < MAX_PARAM_HEADERS && PARAM_HEADER.matcher(h).matches()) {
        out.append(", ").append(h);
        added++;
      }
    }
    return out.toString();
  }

  /** Response headers a browser MCP client must be able to read. */
  public static final String EXPOSED_HEADERS = "Mcp-Session-Id, WWW-Authenticate";

  public void check(String origin) {
    if (origin != null && !allowed.contains("*") && !allowed.contains(normalize(origin))) {
      throw new OriginRejectedException(origin);
    }
  }

  /**
   * CORS headers for an allowed browser origin (call after {@link #check}); nothing for requests
   * without {@code Origin}.
   */
  public void allow(String origin, BiConsumer<String, String> header) {
    if (origin == null) {
      return;
    }
    header.accept("Access-Control-Allow-Origin", origin);
    header.accept("Vary", "Origin");
    header.accept("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
