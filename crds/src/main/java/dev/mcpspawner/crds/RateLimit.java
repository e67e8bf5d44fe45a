package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import lombok.Getter;
import lombok.Setter;

/** A token bucket for one user's MCP requests: refilled per minute, holding up to a burst. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class RateLimit {
  @JsonPropertyDescription("MCP requests per minute, on average (0: no limit).")
  @Min(0)
  private Integer requestsPerMinute;

  @JsonPropertyDescription("Requests that may arrive at once before the rate applies.")
  @Min(1)
  private Integer burst;

  public RateLimit() {}

  public RateLimit(Integer requestsPerMinute, Integer burst) {
    this.requestsPerMinute = requestsPerMinute;
    this.burst = burst;
  }

  /** Each field of this limit, or of {@code defaults} where this one leaves it unset. */
  public RateLimit orElse(RateLimit defaults) {
    if (defaults == null) {
      return this;
    }
    return new RateLimit(
        requestsPerMinute != null ? requestsPerMinute : defaults.requestsPerMinute,
        burst != null ? burst : defaults.burst);
  }
}
