package dev.mcpspawner.oauth;

import dev.mcpspawner.oauth.login.LocalUsers;
import dev.mcpspawner.oauth.login.UpstreamOidc;
import dev.mcpspawner.oauth.verify.AccessTokenVerifier;
import dev.mcpspawner.oauth.verify.RevocationCheck;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the gateway signs people in, chosen by {@code MCP_SPAWNER_AUTH_MODE} and built from the
 * environment (see {@code docs/auth.md} for every variable):
 *
 * <ul>
 *   <li>{@code api-keys} (default): no OAuth; static API keys only.
 *   <li>{@code builtin}: the built-in authorization server, with local users ({@code
 *       MCP_SPAWNER_OAUTH_USERS_FILE}) and/or an upstream OIDC provider ({@code
 *       MCP_SPAWNER_OIDC_*}).
 *   <li>{@code external}: resource server for the organisation's IdP ({@code
 *       MCP_SPAWNER_EXTERNAL_*}).
 * </ul>
 *
 * The gateway mounts {@link #register} and wraps {@link #verifier()} into its authenticator.
 */
public final class SignIn implements AutoCloseable {
  /** How often the mounted local users file is looked at for a change. */
  static final Duration USERS_CHECK_EVERY = Duration.ofSeconds(2);

  /** The three set-ups. */
  public enum Mode {
    API_KEYS,
    BUILTIN,
    EXTERNAL
  }

  private final Mode mode;
  private final BuiltinAuthorizationServer builtin;
  private final ExternalIdp external;
  private final AccessTokenVerifier verifier;
  private final String requiredScope;

  private SignIn(
      Mode mode,
      BuiltinAuthorizationServer builtin,
      ExternalIdp external,
      AccessTokenVerifier verifier,
      String requiredScope) {
    this.mode = mode;
    this.builtin = builtin;
    this.external = external;
    this.verifier = verifier;
    this.requiredScope = requiredScope;
  }

  /**
   * Builds (and for {@code builtin}, starts) the configured mode.
   *
   * @param publicUrl the gateway's external URL ({@code MCP_SPAWNER_PUBLIC_URL})
   * @param tokensNotBefore per user id, the instant before which their tokens are refused ({@code
   *     McpUser.tokensNotBefore}): access tokens by {@code iat}, refresh by the grant's age; may be
   *     null
   */
  public static SignIn fromEnv(
      Map<String, String> env,
      KubernetesClient client,
      String namespace,
      String publicUrl,
      Function<String, Optional<Instant>> tokensNotBefore,
      Clock clock) {
    RevocationCheck revocation =
        tokensNotBefore == null ? null : RevocationCheck.userCutoff(tokensNotBefore);
    Mode mode = mode(env.get("MCP_SPAWNER_AUTH_MODE"));
    if (mode == Mode.API_KEYS) {
      return new SignIn(mode, null, null, null, null);
    }
    if (publicUrl == null || publicUrl.isBlank()) {
      throw new IllegalArgumentException(
          "MCP_SPAWNER_PUBLIC_URL is required with MCP_SPAWNER_AUTH_MODE=" + name(mode));
    }
    if (mode == Mode.EXTERNAL) {
      String scope = env.get("MCP_SPAWNER_EXTERNAL_SCOPE");
      ExternalIdp idp =
          new ExternalIdp(
              new ExternalIdp.Settings(
                  publicUrl,
                  required(env, "MCP_SPAWNER_EXTERNAL_ISSUER"),
                  env.get("MCP_SPAWNER_EXTERNAL_AUDIENCE"),
                  env.get("MCP_SPAWNER_EXTERNAL_USER_CLAIM"),
                  env.get("MCP_SPAWNER_EXTERNAL_GROUPS_CLAIM"),
                  env.get("MCP_SPAWNER_EXTERNAL_CLIENT_ID_CLAIM"),
                  scope == null || scope.isBlank() ? null : scope));
      return new SignIn(mode, null, idp, idp.verifier(revocation, clock), scope);
    }
    OAuthSettings settings = OAuthSettings.defaults(publicUrl);
    String ttl = env.get("MCP_SPAWNER_OAUTH_ACCESS_TOKEN_TTL");
    if (ttl != null && !ttl.isBlank()) {
      settings =
          new OAuthSettings(
              settings.publicUrl(),
              Duration.parse(ttl),
              settings.codeTtl(),
              settings.refreshTokenTtl(),
              settings.requestTtl(),
              settings.keyRotation(),
              false);
    }
    String usersFile = env.get("MCP_SPAWNER_OAUTH_USERS_FILE");
    LocalUsers users =
        usersFile == null || usersFile.isBlank()
            ? new LocalUsers(List.of())
            : LocalUsers.watching(Path.of(usersFile), USERS_CHECK_EVERY, System::nanoTime);
    UpstreamOidc upstream = null;
    String issuer = env.get("MCP_SPAWNER_OIDC_ISSUER");
    if (issuer != null && !issuer.isBlank()) {
      upstream =
          new UpstreamOidc(
              new UpstreamOidc.Settings(
                  issuer,
                  required(env, "MCP_SPAWNER_OIDC_CLIENT_ID"),
                  secret(env, "MCP_SPAWNER_OIDC_CLIENT_SECRET"),
                  env.get("MCP_SPAWNER_OIDC_NAME"),
                  env.get("MCP_SPAWNER_OIDC_USER_CLAIM"),
                  env.get("MCP_SPAWNER_OIDC_GROUPS_CLAIM")));
    }
    if (users.isEmpty() && upstream == null) {
      throw new IllegalArgumentException(
          "MCP_SPAWNER_AUTH_MODE=builtin needs MCP_SPAWNER_OAUTH_USERS_FILE or"
              + " MCP_SPAWNER_OIDC_ISSUER: nobody could sign in");
    }
    BuiltinAuthorizationServer server =
        new BuiltinAuthorizationServer(
                client,
                namespace,
                settings,
                users,
                upstream,
                null,
                clock,
                OAuthAudit.logger(),
                tokensNotBefore)
            .start();
    return new SignIn(mode, server, null, server.verifier(revocation), OAuthSettings.SCOPE_MCP);
  }

  public Mode mode() {
    return mode;
  }

  /** The verifier for bearer tokens; empty in {@code api-keys} mode. */
  public Optional<AccessTokenVerifier> verifier() {
    return Optional.ofNullable(verifier);
  }

  /** The scope every MCP request needs, or null when none is required. */
  public String requiredScope() {
    return requiredScope;
  }

  /** Mounts the mode's routes (metadata, and the authorization server in {@code builtin}). */
  public void register(RoutesConfig routes) {
    if (builtin != null) {
      builtin.register(routes);
    } else if (external != null) {
      external.register(routes);
    }
  }

  @Override
  public void close() {
    if (builtin != null) {
      builtin.close();
    }
  }

  static Mode mode(String value) {
    if (value == null || value.isBlank()) {
      return Mode.API_KEYS;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "api-keys" -> Mode.API_KEYS;
      case "builtin" -> Mode.BUILTIN;
      case "external" -> Mode.EXTERNAL;
      default ->
          throw new IllegalArgumentException(
              "MCP_SPAWNER_AUTH_MODE must be api-keys, builtin or external, not " + value);
    };
  }

  private static String name(Mode mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String required(Map<String, String> env, String key) {
    String v = env.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(key + " is required");
    }
    return v;
  }

  /** A secret from {@code KEY} or, preferably, from the file named by {@code KEY_FILE}. */
  private static String secret(Map<String, String> env, String key) {
    String file = env.get(key + "_FILE");
    if (file != null && !file.isBlank()) {
      try {
        return Files.readString(Path.of(file)).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return required(env, key);
  }
}
