package dev.mcpspawner.operator.user;

import dev.mcpspawner.operator.events.EventReason;

/** Why the operator refused to start a session; the value of the refusals counter's tag. */
public enum RefusalReason {
  QuotaExceeded(EventReason.QuotaExceeded),
  UserDisabled(EventReason.UserDisabled);

  private final EventReason event;

  RefusalReason(EventReason event) {
    this.event = event;
  }

  public EventReason event() {
    return event;
  }
}
