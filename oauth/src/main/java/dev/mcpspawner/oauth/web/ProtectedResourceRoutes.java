package dev.mcpspawner.oauth.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.oauth.metadata.ProtectedResourceMetadata;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * RFC 9728 metadata at {@code /.well-known/oauth-protected-resource} and at its path-suffixed form
 * for each {@code /mcp/<server>}. Served in both modes; CORS-open so browser clients can read it.
 */
public final class ProtectedResourceRoutes {
  private final ProtectedResourceMetadata metadata;
  private final ObjectMapper json = new ObjectMapper();

  public ProtectedResourceRoutes(ProtectedResourceMetadata metadata) {
    this.metadata = metadata;
  }

  public void register(RoutesConfig routes) {
    routes.get("/.well-known/oauth-protected-resource", ctx -> send(ctx, metadata.root()));
    routes.get(
        "/.well-known/oauth-protected-resource/mcp/{server}",
        ctx -> {
          Map<String, Object> doc;
          try {
            doc = metadata.forServer(ctx.pathParam("server"));
          } catch (IllegalArgumentException e) {
            ctx.status(404).contentType("application/json").result("{\"error\":\"not found\"}");
            return;
          }
          send(ctx, doc);
        });
  }

  private void send(Context ctx, Map<String, Object> doc) throws Exception {
    ctx.header("Access-Control-Allow-Origin", "*")
        .header("Cache-Control", "public, max-age=300")
        .contentType("application/json")
        .result(json.writeValueAsString(doc));
  }
}
