package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;
import lombok.ToString;

/**
 * What happened with one catalog entry in one interval of {@code McpServer.status.usage}: written
 * by the gateway replicas, each adding its own tool calls under optimistic locking, so the sum over
 * replicas is what the API holds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@EqualsAndHashCode
@ToString
public class UsageBucket {
  @JsonPropertyDescription("Start of the interval (RFC 3339, UTC); intervals are 5 minutes.")
  private String start;

  @JsonPropertyDescription("tools/call requests relayed to sessions of this server.")
  private Long toolCalls;

  @JsonPropertyDescription("Of those, the ones answered with an HTTP error, timeout or no answer.")
  private Long toolErrors;

  @JsonPropertyDescription("The most open sessions of this server a gateway saw in the interval.")
  private Integer sessionsPeak;

  @JsonPropertyDescription(
      "Requests for this server refused at sign-in: no credential, or one that authenticates no"
          + " one (401). They have no McpUser to be counted in.")
  private Long authRefusals;

  @JsonPropertyDescription(
      "Requests for this server of signed-in callers without an McpUser refused for a session"
          + " quota (those of a user with one are counted in its McpUser).")
  private Long quotaRefusals;

  @JsonPropertyDescription(
      "Requests for this server of signed-in callers without an McpUser refused by the rate"
          + " limit (those of a user with one are counted in its McpUser).")
  private Long rateRefusals;

  public UsageBucket() {}

  public UsageBucket(String start, Long toolCalls, Long toolErrors, Integer sessionsPeak) {
    this.start = start;
    this.toolCalls = toolCalls;
    this.toolErrors = toolErrors;
    this.sessionsPeak = sessionsPeak;
  }

  /** A copy, every field. */
  public UsageBucket copy() {
    UsageBucket b = new UsageBucket(start, toolCalls, toolErrors, sessionsPeak);
    b.authRefusals = authRefusals;
    b.quotaRefusals = quotaRefusals;
    b.rateRefusals = rateRefusals;
    return b;
  }
}
