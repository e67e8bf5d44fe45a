package dev.mcpspawner.oauth;

import dev.mcpspawner.contracts.config.Option;
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
    Mode mode = SignInOptions.AUTH_MODE.from(env);
    if (mode == Mode.API_KEYS) {
      return new SignIn(mode, null, null, null, null);
    }
    if (publicUrl == null || publicUrl.isBlank()) {
      throw new IllegalArgumentException(
          "MCP_SPAWNER_PUBLIC_URL is required with MCP_SPAWNER_AUTH_MODE=" + name(mode));
    }
    if (mode == Mode.EXTERNAL) {
      String scope = SignInOptions.EXTERNAL_SCOPE.from(env);
      ExternalIdp idp =
          new ExternalIdp(
              new ExternalIdp.Settings(
                  publicUrl,
                  required(env, SignInOptions.EXTERNAL_ISSUER),
                  SignInOptions.EXTERNAL_AUDIENCE.from(env),
                  SignInOptions.EXTERNAL_USER_CLAIM.from(env),
                  SignInOptions.EXTERNAL_GROUPS_CLAIM.from(env),
                  SignInOptions.EXTERNAL_CLIENT_ID_CLAIM.from(env),
                  scope));
      return new SignIn(mode, null, idp, idp.verifier(revocation, clock), scope);
    }
    OAuthSettings settings = OAuthSettings.defaults(publicUrl);
    if (SignInOptions.OAUTH_ACCESS_TOKEN_TTL.isSet(env)) {
      settings =
          new OAuthSettings(
              settings.publicUrl(),
              SignInOptions.OAUTH_ACCESS_TOKEN_TTL.from(env),
              settings.codeTtl(),
              settings.refreshTokenTtl(),
              settings.requestTtl(),
              settings.keyRotation(),
              false);
    }
    Path usersFile = SignInOptions.OAUTH_USERS_FILE.from(env);
    LocalUsers users =
        usersFile == null
            ? new LocalUsers(List.of())
            : LocalUsers.watching(usersFile, USERS_CHECK_EVERY, System::nanoTime);
    UpstreamOidc upstream = null;
    String issuer = SignInOptions.OIDC_ISSUER.from(env);
    if (issuer != null) {
      upstream =
          new UpstreamOidc(
              new UpstreamOidc.Settings(
                  issuer,
                  required(env, SignInOptions.OIDC_CLIENT_ID),
                  secret(env),
                  SignInOptions.OIDC_NAME.from(env),
                  SignInOptions.OIDC_USER_CLAIM.from(env),
                  SignInOptions.OIDC_GROUPS_CLAIM.from(env)));
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

  private static String name(Mode mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String required(Map<String, String> env, Option<String> option) {
    String v = option.from(env);
    if (v == null) {
      throw new IllegalArgumentException(option.name() + " is required");
    }
    return v;
  }

  /** The upstream client secret, preferably from the file {@code ..._SECRET_FILE} names. */
  private static String secret(Map<String, String> env) {
    Path file = SignInOptions.OIDC_CLIENT_SECRET_FILE.from(env);
    if (file != null) {
      try {
        return Files.readString(file).strip();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return required(env, SignInOptions.OIDC_CLIENT_SECRET);
  }
}
