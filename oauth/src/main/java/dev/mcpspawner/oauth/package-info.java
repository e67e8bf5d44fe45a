/**
 * Sign-in for MCP clients: the gateway as an OAuth 2.1 authorization server and resource server
 * (MCP authorization spec), or as a resource server for an organisation's IdP.
 *
 * <h2>Integration API (what the gateway uses)</h2>
 *
 * <ul>
 *   <li>From the environment: {@code SignIn.fromEnv(env, client, namespace, publicUrl, revocation,
 *       clock)} builds whichever mode {@code MCP_SPAWNER_AUTH_MODE} names; {@code
 *       register(cfg.routes)} and {@code verifier()} as below. Or assemble a mode by hand:
 *   <li>Built-in mode: {@code new BuiltinAuthorizationServer(client, namespace,
 *       OAuthSettings.defaults(publicUrl), localUsers, upstreamOidcOrNull, null,
 *       Clock.systemUTC()).start()}; in the Javalin config call {@code server.register(cfg.routes)}
 *       (metadata, {@code /oauth/*}); check requests with {@code server.verifier(extraRevocation)}.
 *   <li>External mode: {@code new ExternalIdp(settings)}; {@code register(cfg.routes)} serves the
 *       protected-resource metadata pointing at the IdP; {@code verifier(revocation, clock)}.
 *   <li>Per MCP request: {@link dev.mcpspawner.oauth.verify.AccessTokenVerifier#verify(String,
 *       String) verify(authorizationHeader, server)} returns a {@link
 *       dev.mcpspawner.oauth.verify.VerifiedToken} (user id, groups, client id, scopes) or throws
 *       {@link dev.mcpspawner.oauth.verify.InvalidTokenException} (answer 401); then {@code
 *       AccessTokenVerifier.requireScope(token, "mcp")} throws {@link
 *       dev.mcpspawner.oauth.verify.InsufficientScopeException} (answer 403). {@link
 *       dev.mcpspawner.oauth.verify.AccessTokenVerifier#challenge challenge(server, failure,
 *       scope)} gives the {@code WWW-Authenticate} value with {@code resource_metadata}. The
 *       token's client id is the stateless-sandbox client identity.
 * </ul>
 *
 * <p>All state (registrations, pending requests, codes, grants, signing keys) is in labelled
 * Secrets ({@code mcpspawner.dev/oauth=<kind>}) in the gateway's namespace: the gateway's Role
 * needs get, list, watch, create, update and delete on Secrets there.
 */
package dev.mcpspawner.oauth;
