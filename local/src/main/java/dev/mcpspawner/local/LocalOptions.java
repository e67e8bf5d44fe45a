package dev.mcpspawner.local;

import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.config.Options;
import dev.mcpspawner.contracts.config.Parsers;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Local mode's command line, declared as {@link Option}s like every other process's settings
 * ({@code PORT} is the flag {@code --port}); picocli reads the command line and writes the help,
 * strictly: an unknown flag or one without its value is refused, never ignored.
 */
public final class LocalOptions {
  /** A user name becomes a file name (its kept key and password) and part of Kubernetes names. */
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,62}");

  public static final Option<Integer> PORT =
      Option.of("PORT", "8080", Parsers.integer(0, 65535), "the gateway's loopback port");
  public static final Option<Integer> API_PORT =
      Option.of(
          "API_PORT",
          "0",
          Parsers.integer(0, 65535),
          "the embedded Kubernetes API's loopback port (0: any free one)");
  public static final Option<Path> DATA_DIR =
      Option.of(
          "DATA_DIR",
          "local-data",
          Parsers.path(),
          "users' homes, kept API keys and passwords, the kubeconfig, the log");
  public static final Option<Path> NPM_DIR =
      Option.of(
          "NPM_DIR",
          null,
          Parsers.path(),
          "where the catalog's npm packages are installed (unset: fixtures/npm when run from the"
              + " repository, else npm/ in the data directory)");
  public static final Option<Set<String>> USERS =
      Option.of(
          "USERS",
          "local",
          LocalOptions::users,
          "comma-separated local users, each with an API key; the first is an administrator");
  public static final Option<LocalSignIn.Mode> AUTH =
      Option.of(
          "AUTH",
          "api-keys",
          LocalSignIn.Mode::parse,
          "api-keys, or builtin: also sign in with a password through the gateway's OAuth"
              + " authorization server (as Claude Desktop's mcp-remote and the MCP Inspector do)");

  public static final Options ALL = Options.of(PORT, API_PORT, DATA_DIR, NPM_DIR, USERS, AUTH);

  private LocalOptions() {}

  /** The flag of {@code option}: {@code API_PORT} is {@code --api-port}. */
  public static String flag(Option<?> option) {
    return "--" + option.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The README's table of the flags. */
  public static String markdownTable() {
    return ALL.markdownTable("flag", LocalOptions::flag);
  }

  /** What a command line says, or {@link Help} when it asks for the help. */
  public sealed interface Parsed permits Settings, Help {}

  /** The options' texts by option name (unset ones absent), to read with {@link #get}. */
  public record Settings(Map<String, String> values) implements Parsed {
    /** The option's value: its text parsed, or its default; a bad text names the flag. */
    public <T> T get(Option<T> option) {
      try {
        return option.from(values);
      } catch (IllegalArgumentException e) {
        String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        throw new IllegalArgumentException(flag(option) + ": " + reason + " (try --help)", e);
      }
    }
  }

  /** The help text. */
  public record Help(String text) implements Parsed {}

  /**
   * Reads {@code argv}; an unknown flag, a missing value or a value that does not parse is an
   * {@link IllegalArgumentException} naming the flag.
   */
  public static Parsed parse(String... argv) {
    CommandLine cli = new CommandLine(spec());
    ParseResult result;
    try {
      result = cli.parseArgs(argv);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage() + " (try --help)", e);
    }
    if (result.isUsageHelpRequested()) {
      return new Help(cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Option<?> o : ALL.all()) {
      if (result.hasMatchedOption(flag(o))) {
        values.put(o.name(), result.matchedOptionValue(flag(o), ""));
      }
    }
    Settings settings = new Settings(values);
    ALL.all().forEach(settings::get); // every bad value now, before anything starts
    return settings;
  }

  private static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create();
    spec.name("./local.sh");
    spec.usageMessage()
        .sortOptions(false)
        .description(
            "mcp-spawner's local mode: the embedded Kubernetes API, operator, gateway and a"
                + " process per session on this machine, for evaluation and tests.");
    for (Option<?> o : ALL.all()) {
      spec.addOption(
          OptionSpec.builder(flag(o))
              .paramLabel("<" + o.name().toLowerCase(Locale.ROOT).replace('_', '-') + ">")
              .type(String.class)
              .description(
                  o.description() + (o.fallback() == null ? "" : " (default " + o.fallback() + ")"))
              .build());
    }
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help").build());
    return spec;
  }

  private static Set<String> users(String text) {
    Set<String> users = Parsers.commaSet().parse(text);
    if (users.isEmpty()) {
      throw new IllegalArgumentException("name at least one user");
    }
    for (String user : users) {
      if (!USER.matcher(user).matches()) {
        throw new IllegalArgumentException(
            "a user is 1 to 63 letters, digits and . _ @ + -, starting with a letter or digit, not '"
                + user
                + "'");
      }
    }
    return users;
  }

  /** The users in the order given, for the first-is-administrator rule. */
  static List<String> userList(Settings settings) {
    return List.copyOf(settings.get(USERS));
  }
}
