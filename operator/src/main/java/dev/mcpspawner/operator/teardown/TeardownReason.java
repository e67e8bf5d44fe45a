package dev.mcpspawner.operator.teardown;

import dev.mcpspawner.operator.events.EventReason;

/** Why the operator ended a session; the value of the teardowns counter's {@code reason} tag. */
public enum TeardownReason {
  IdleTimeout(EventReason.IdleTimeout),
  MaxLifetime(EventReason.MaxLifetime),
  FailedTtlExpired(EventReason.FailedTtlExpired),
  UserDisabled(EventReason.UserDisabled);

  private final EventReason event;

  TeardownReason(EventReason event) {
    this.event = event;
  }

  public EventReason event() {
    return event;
  }
}
