package dev.mcpspawner.oauth.metadata;

import dev.mcpspawner.oauth.OAuthSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 8414 metadata of the built-in authorization server. */
public final class AuthorizationServerMetadata {
  private AuthorizationServerMetadata() {}

  public static Map<String, Object> of(OAuthSettings settings) {
    String iss = settings.issuer();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", iss);
    doc.put("authorization_endpoint", iss + "/oauth/authorize");
    doc.put("token_endpoint", iss + "/oauth/token");
    doc.put("registration_endpoint", iss + "/oauth/register");
    doc.put("revocation_endpoint", iss + "/oauth/revoke");
    doc.put("jwks_uri", iss + "/oauth/jwks");
    doc.put("response_types_supported", List.of("code"));
    doc.put("response_modes_supported", List.of("query"));
    doc.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    List<String> auth = List.of("none", "client_secret_basic", "client_secret_post");
    doc.put("token_endpoint_auth_methods_supported", auth);
    doc.put("revocation_endpoint_auth_methods_supported", auth);
    doc.put("scopes_supported", List.of(OAuthSettings.SCOPE_MCP));
    doc.put("client_id_metadata_document_supported", true);
    doc.put("authorization_response_iss_parameter_supported", true);
    return doc;
  }
}
