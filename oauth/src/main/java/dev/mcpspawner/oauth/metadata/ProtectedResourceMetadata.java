package dev.mcpspawner.oauth.metadata;

import dev.mcpspawner.oauth.OAuthSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9728 protected-resource metadata: what a client reads after a 401 to learn which
 * authorization server to ask, for which resource. Served at the root and path-suffixed for each
 * {@code /mcp/<server>}; in external mode the authorization server is the organisation's IdP.
 */
public final class ProtectedResourceMetadata {
  private final GatewayResource resource;
  private final String authorizationServer;
  private final List<String> scopes;

  public ProtectedResourceMetadata(
      GatewayResource resource, String authorizationServer, List<String> scopes) {
    this.resource = resource;
    this.authorizationServer = authorizationServer;
    this.scopes = List.copyOf(scopes);
  }

  /** The document for the whole gateway. */
  public Map<String, Object> root() {
    return document(resource.base());
  }

  /** The document for one MCP server's endpoint. */
  public Map<String, Object> forServer(String server) {
    return document(resource.forServer(server));
  }

  private Map<String, Object> document(String resourceId) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("resource", resourceId);
    doc.put("authorization_servers", List.of(authorizationServer));
    doc.put("scopes_supported", scopes);
    doc.put("bearer_methods_supported", List.of("header"));
    doc.put("resource_name", "mcp-spawner");
    return doc;
  }

  public static List<String> defaultScopes() {
    return List.of(OAuthSettings.SCOPE_MCP);
  }
}
