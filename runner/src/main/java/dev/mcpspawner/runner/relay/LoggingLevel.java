package dev.mcpspawner.runner.relay;

import java.util.Locale;

/** The syslog severities of MCP log messages, least severe first. */
public enum LoggingLevel {
  DEBUG,
  INFO,
  NOTICE,
  WARNING,
  ERROR,
  CRITICAL,
  ALERT,
  EMERGENCY;

  /** The level a protocol string names, or null when it names none. */
  public static LoggingLevel parse(String level) {
    if (level == null) {
      return null;
    }
    try {
      return valueOf(level.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Whether a message at {@code level} is as severe as this threshold asks for. */
  public boolean admits(LoggingLevel level) {
    return level != null && level.compareTo(this) >= 0;
  }
}
