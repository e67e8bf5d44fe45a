package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.Durations;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.operator.OperatorConfig;
import java.time.Duration;

/** A session's timeouts: its McpServer's where it sets them (and they parse), else the defaults. */
public record SessionTimeouts(Duration idle, Duration maxLifetime, Duration start) {

  public static SessionTimeouts of(McpServerSpec server, OperatorConfig config) {
    if (server == null) {
      return new SessionTimeouts(config.idleTimeout(), config.maxLifetime(), config.startTimeout());
    }
    return new SessionTimeouts(
        parse(server.getIdleTimeout(), config.idleTimeout()),
        parse(server.getMaxLifetime(), config.maxLifetime()),
        parse(server.getStartTimeout(), config.startTimeout()));
  }

  private static Duration parse(String text, Duration fallback) {
    try {
      return Durations.parseOr(text, fallback);
    } catch (IllegalArgumentException e) {
      return fallback; // reported on the McpServer as Valid=False
    }
  }
}
