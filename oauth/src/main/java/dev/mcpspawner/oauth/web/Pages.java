package dev.mcpspawner.oauth.web;

import dev.mcpspawner.oauth.store.Ids;
import java.util.Base64;
import java.util.List;

/**
 * The sign-in pages, rendered on the server: no scripts, no external assets, one inline style
 * allowed by its hash in the Content-Security-Policy, every value HTML-escaped. Forms work with the
 * keyboard alone (labels, autofocus, real buttons, visible focus).
 */
public final class Pages {
  private static final String CSS =
      """
      :root{color-scheme:light dark;--bg:#f4f5f7;--card:#fff;--ink:#1b1f24;--muted:#5b6470;\
      --line:#dde1e6;--accent:#3b5bdb;--accent-ink:#fff;--danger:#c92a2a}
      @media (prefers-color-scheme:dark){:root{--bg:#111418;--card:#1b1f24;--ink:#e9ecef;\
      --muted:#9aa4ae;--line:#2c3239;--accent:#5c7cfa}}
      *{box-sizing:border-box}
      body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;\
      background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",\
      Roboto,sans-serif}
      main{width:100%;max-width:400px;margin:24px;background:var(--card);border:1px solid \
      var(--line);border-radius:14px;padding:32px;box-shadow:0 8px 30px rgba(0,0,0,.06)}
      .brand{display:flex;align-items:center;gap:10px;font-weight:600;margin-bottom:24px}
      .logo{width:28px;height:28px;border-radius:8px;background:linear-gradient(135deg,\
      var(--accent),#7950f2);display:inline-block}
      h1{font-size:20px;margin:0 0 6px}
      p{margin:0 0 16px;color:var(--muted)}
      label{display:block;font-weight:500;margin:14px 0 6px}
      input{width:100%;padding:10px 12px;border:1px solid var(--line);border-radius:8px;\
      background:transparent;color:inherit;font:inherit}
      button{width:100%;padding:11px 14px;margin-top:18px;border-radius:8px;border:1px solid \
      var(--accent);background:var(--accent);color:var(--accent-ink);font:inherit;\
      font-weight:600;cursor:pointer}
      button.secondary{background:transparent;color:var(--ink);border-color:var(--line)}
      input:focus-visible,button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
      .or{display:flex;align-items:center;gap:10px;color:var(--muted);margin:20px 0 0;\
      font-size:13px}
      .or:before,.or:after{content:"";flex:1;border-top:1px solid var(--line)}
      .error{color:var(--danger);background:rgba(201,42,42,.08);border-radius:8px;\
      padding:10px 12px;margin-bottom:12px}
      ul{padding-left:20px;margin:0 0 8px}
      li{margin:4px 0}
      .who{font-size:13px;color:var(--muted);border-top:1px solid var(--line);margin-top:20px;\
      padding-top:14px}
      .row{display:flex;gap:10px}.row form{flex:1}
      code{font-size:13px}
      """;
  private static final String CSS_HASH =
      "'sha256-" + Base64.getEncoder().encodeToString(Ids.sha256(CSS)) + "'";

  /** Headers every page is sent with. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src "
          + CSS_HASH
          + "; img-src data:; frame-ancestors 'none'; base-uri 'none'";

  private Pages() {}

  /**
   * The login page; {@code username}/{@code error} may be null, {@code upstreamName} null hides the
   * button.
   */
  public static String login(
      String requestId,
      String csrf,
      String clientName,
      boolean localUsers,
      String upstreamName,
      String username,
      String error) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Sign in</h1><p>to continue to <strong>")
        .append(esc(clientName))
        .append("</strong></p>");
    if (error != null) {
      b.append("<div class=\"error\" role=\"alert\">").append(esc(error)).append("</div>");
    }
    if (localUsers) {
      b.append("<form method=\"post\" action=\"/oauth/login\">")
          .append(hidden(requestId, csrf))
          .append("<label for=\"username\">Username</label>")
          .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required")
          .append(" autofocus value=\"")
          .append(esc(username == null ? "" : username))
          .append("\">")
          .append("<label for=\"password\">Password</label>")
          .append("<input id=\"password\" name=\"password\" type=\"password\"")
          .append(" autocomplete=\"current-password\" required>")
          .append("<button type=\"submit\" id=\"sign-in\">Sign in</button></form>");
    }
    if (upstreamName != null) {
      if (localUsers) {
        b.append("<div class=\"or\">or</div>");
      }
      b.append("<form method=\"post\" action=\"/oauth/login/upstream\">")
          .append(hidden(requestId, csrf))
          .append("<button type=\"submit\" id=\"sign-in-upstream\"")
          .append(localUsers ? " class=\"secondary\"" : " autofocus")
          .append(">Sign in with ")
          .append(esc(upstreamName))
          .append("</button></form>");
    }
    return page("Sign in", b.toString());
  }

  /** The consent page. */
  public static String consent(
      String requestId,
      String csrf,
      String clientName,
      String clientHost,
      String returnHost,
      String resource,
      List<String> scopes,
      String userLabel) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Allow ")
        .append(esc(clientName))
        .append("?</h1><p>")
        .append(
            clientHost == null
                ? "This application registered itself: continue only if you just asked it to"
                    + " connect. "
                : "Published at <strong>" + esc(clientHost) + "</strong>. ")
        .append("It is asking to:</p><ul>");
    for (String s : scopes) {
      b.append("<li>").append(esc(describe(s))).append("</li>");
    }
    b.append("</ul><p>on <code>")
        .append(esc(resource))
        .append("</code></p><p>You will be returned to <strong>")
        .append(esc(returnHost))
        .append("</strong>.</p>")
        .append("<div class=\"row\">")
        .append("<form method=\"post\" action=\"/oauth/consent\">")
        .append(hidden(requestId, csrf))
        .append("<input type=\"hidden\" name=\"decision\" value=\"deny\">")
        .append("<button type=\"submit\" id=\"deny\" class=\"secondary\">Cancel</button></form>")
        .append("<form method=\"post\" action=\"/oauth/consent\">")
        .append(hidden(requestId, csrf))
        .append("<input type=\"hidden\" name=\"decision\" value=\"allow\">")
        .append("<button type=\"submit\" id=\"allow\" autofocus>Allow</button></form>")
        .append("</div><div class=\"who\">Signed in as ")
        .append(esc(userLabel))
        .append("</div>");
    return page("Allow access", b.toString());
  }

  public static String error(String title, String message) {
    return page(
        title,
        "<h1>"
            + esc(title)
            + "</h1><div class=\"error\" role=\"alert\">"
            + esc(message)
            + "</div>"
            + "<p>You can close this window and start again from your application.</p>");
  }

  private static String describe(String scope) {
    return switch (scope) {
      case "mcp" -> "Use the MCP servers you have access to, as you";
      case "offline_access" -> "Stay connected when you are not using it";
      default -> scope;
    };
  }

  private static String hidden(String requestId, String csrf) {
    return "<input type=\"hidden\" name=\"request\" value=\""
        + esc(requestId)
        + "\"><input type=\"hidden\" name=\"csrf\" value=\""
        + esc(csrf)
        + "\">";
  }

  private static String page(String title, String body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + "<meta name=\"referrer\" content=\"same-origin\">"
        + "<title>"
        + esc(title)
        + " · mcp-spawner</title><style>"
        + CSS
        + "</style></head><body><main>"
        + "<div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>mcp-spawner</div>"
        + body
        + "</main></body></html>";
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
