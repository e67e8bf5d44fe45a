package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the runner does with the session directory when the session ends. */
public enum SessionDirPolicy {
  @JsonProperty("delete")
  DELETE,
  @JsonProperty("keep")
  KEEP;

  public String value() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
