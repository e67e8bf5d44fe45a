package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which network destinations a session pod may reach (DNS always, cloud metadata never). */
public enum Egress {
  @JsonProperty("none")
  NONE,
  @JsonProperty("internet")
  INTERNET,
  @JsonProperty("cluster")
  CLUSTER;

  /** The value used in the {@code mcpspawner.dev/egress} pod label. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
