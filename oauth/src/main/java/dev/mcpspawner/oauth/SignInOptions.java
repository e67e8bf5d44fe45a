package dev.mcpspawner.oauth;

import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.config.Options;
import dev.mcpspawner.contracts.config.Parsers;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sign-in variables {@link SignIn#fromEnv} reads, declared once; docs/auth.md explains the
 * modes and the gateway's README carries their table.
 */
public final class SignInOptions {
  private SignInOptions() {}

  private static Option<String> text(String name, String description) {
    return Option.of(name, null, Parsers.text(), description);
  }

  public static final Option<SignIn.Mode> AUTH_MODE =
      Option.of(
          "MCP_SPAWNER_AUTH_MODE",
          "api-keys",
          SignInOptions::mode,
          "`api-keys`, `builtin` (the gateway is the OAuth authorization server) or `external`"
              + " (tokens from your IdP); API keys work in every mode");
  public static final Option<String> EXTERNAL_ISSUER =
      text("MCP_SPAWNER_EXTERNAL_ISSUER", "`external`: the IdP's issuer URL (required)");
  public static final Option<String> EXTERNAL_AUDIENCE =
      text("MCP_SPAWNER_EXTERNAL_AUDIENCE", "`external`: the audience tokens must carry");
  public static final Option<String> EXTERNAL_USER_CLAIM =
      text("MCP_SPAWNER_EXTERNAL_USER_CLAIM", "`external`: the claim naming the user");
  public static final Option<String> EXTERNAL_GROUPS_CLAIM =
      text("MCP_SPAWNER_EXTERNAL_GROUPS_CLAIM", "`external`: the claim listing groups");
  public static final Option<String> EXTERNAL_CLIENT_ID_CLAIM =
      text("MCP_SPAWNER_EXTERNAL_CLIENT_ID_CLAIM", "`external`: the claim naming the client");
  public static final Option<String> EXTERNAL_SCOPE =
      text("MCP_SPAWNER_EXTERNAL_SCOPE", "`external`: the scope every MCP request needs");
  public static final Option<Duration> OAUTH_ACCESS_TOKEN_TTL =
      Option.of(
          "MCP_SPAWNER_OAUTH_ACCESS_TOKEN_TTL",
          "1h",
          SignInOptions::durationOrIso,
          "`builtin`: access-token lifetime (`30m`; ISO-8601 `PT30M` is read too)");
  public static final Option<Path> OAUTH_USERS_FILE =
      Option.of(
          "MCP_SPAWNER_OAUTH_USERS_FILE",
          null,
          Parsers.path(),
          "`builtin`: the local users file (bcrypt hashes), re-read when it changes");
  public static final Option<String> OIDC_ISSUER =
      text("MCP_SPAWNER_OIDC_ISSUER", "`builtin`: upstream OIDC provider to federate sign-in to");
  public static final Option<String> OIDC_CLIENT_ID =
      text("MCP_SPAWNER_OIDC_CLIENT_ID", "`builtin` with OIDC: the gateway's client id");
  public static final Option<String> OIDC_CLIENT_SECRET =
      text(
          "MCP_SPAWNER_OIDC_CLIENT_SECRET",
          "`builtin` with OIDC: the client secret (prefer the `_FILE` form)");
  public static final Option<Path> OIDC_CLIENT_SECRET_FILE =
      Option.of(
          "MCP_SPAWNER_OIDC_CLIENT_SECRET_FILE",
          null,
          Parsers.path(),
          "`builtin` with OIDC: file holding the client secret");
  public static final Option<String> OIDC_NAME =
      text("MCP_SPAWNER_OIDC_NAME", "`builtin` with OIDC: the provider's name on the sign-in page");
  public static final Option<String> OIDC_USER_CLAIM =
      text("MCP_SPAWNER_OIDC_USER_CLAIM", "`builtin` with OIDC: the claim naming the user");
  public static final Option<String> OIDC_GROUPS_CLAIM =
      text("MCP_SPAWNER_OIDC_GROUPS_CLAIM", "`builtin` with OIDC: the claim listing groups");

  public static final Options OPTIONS =
      Options.of(
          AUTH_MODE,
          EXTERNAL_ISSUER,
          EXTERNAL_AUDIENCE,
          EXTERNAL_USER_CLAIM,
          EXTERNAL_GROUPS_CLAIM,
          EXTERNAL_CLIENT_ID_CLAIM,
          EXTERNAL_SCOPE,
          OAUTH_ACCESS_TOKEN_TTL,
          OAUTH_USERS_FILE,
          OIDC_ISSUER,
          OIDC_CLIENT_ID,
          OIDC_CLIENT_SECRET,
          OIDC_CLIENT_SECRET_FILE,
          OIDC_NAME,
          OIDC_USER_CLAIM,
          OIDC_GROUPS_CLAIM);

  private static SignIn.Mode mode(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "api-keys" -> SignIn.Mode.API_KEYS;
      case "builtin" -> SignIn.Mode.BUILTIN;
      case "external" -> SignIn.Mode.EXTERNAL;
      default ->
          throw new IllegalArgumentException(
              "must be api-keys, builtin or external, not '" + value + "'");
    };
  }

  /** The project's duration syntax, or ISO-8601 (what this variable was first documented as). */
  static Duration durationOrIso(String text) {
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration");
      }
    }
    return Parsers.parseDuration(text);
  }
}
