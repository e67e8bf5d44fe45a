package dev.mcpspawner.contracts.config;

/** What every mcp-spawner process's {@code logback.xml} reads from the environment. */
public final class LogOptions {
  private LogOptions() {}

  public static final Option<String> LEVEL =
      Option.of(
          "MCP_SPAWNER_LOG_LEVEL",
          "INFO",
          Parsers.text(),
          "root log level (JSON lines; read by logback.xml)");

  public static final Options OPTIONS = Options.of(LEVEL);
}
