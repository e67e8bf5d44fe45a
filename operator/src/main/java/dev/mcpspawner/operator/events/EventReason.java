package dev.mcpspawner.operator.events;

/** Reasons of the Events the operator records; Warning ones are failures or forced ends. */
public enum EventReason {
  // session lifecycle
  PodCreated(false),
  Ready(false),
  ServerNotFound(true),
  ServerInvalid(true),
  InvalidSession(true),
  CrashLoopBackOff(true),
  ImagePullBackOff(true),
  ErrImagePull(true),
  CreateContainerConfigError(true),
  CreateContainerError(true),
  InvalidImageName(true),
  Unschedulable(true),
  ServerExited(true),
  StartTimeout(true),
  PodDeleted(true),
  PodCreationFailed(true),
  // the user's limits
  QuotaExceeded(true),
  UserDisabled(true),
  // teardown
  IdleTimeout(false),
  MaxLifetime(false),
  FailedTtlExpired(false),
  // catalog
  Valid(false),
  Invalid(true);

  private final boolean warning;

  EventReason(boolean warning) {
    this.warning = warning;
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
