package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * What happened with one catalog entry in one interval of {@code McpServer.status.usage}: written
 * by the gateway replicas, each adding its own tool calls under optimistic locking, so the sum over
 * replicas is what the API holds.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
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

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public Long getToolCalls() {
    return toolCalls;
  }

  public void setToolCalls(Long toolCalls) {
    this.toolCalls = toolCalls;
  }

  public Long getToolErrors() {
    return toolErrors;
  }

  public void setToolErrors(Long toolErrors) {
    this.toolErrors = toolErrors;
  }

  public Integer getSessionsPeak() {
    return sessionsPeak;
  }

  public void setSessionsPeak(Integer sessionsPeak) {
    this.sessionsPeak = sessionsPeak;
  }

  public Long getAuthRefusals() {
    return authRefusals;
  }

  public void setAuthRefusals(Long authRefusals) {
    this.authRefusals = authRefusals;
  }

  public Long getQuotaRefusals() {
    return quotaRefusals;
  }

  public void setQuotaRefusals(Long quotaRefusals) {
    this.quotaRefusals = quotaRefusals;
  }

  public Long getRateRefusals() {
    return rateRefusals;
  }

  public void setRateRefusals(Long rateRefusals) {
    this.rateRefusals = rateRefusals;
  }

  /** A copy, every field. */
  public UsageBucket copy() {
    UsageBucket b = new UsageBucket(start, toolCalls, toolErrors, sessionsPeak);
    b.authRefusals = authRefusals;
    b.quotaRefusals = quotaRefusals;
    b.rateRefusals = rateRefusals;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UsageBucket b
        && Objects.equals(start, b.start)
        && Objects.equals(toolCalls, b.toolCalls)
        && Objects.equals(toolErrors, b.toolErrors)
        && Objects.equals(sessionsPeak, b.sessionsPeak)
        && Objects.equals(authRefusals, b.authRefusals)
        && Objects.equals(quotaRefusals, b.quotaRefusals)
        && Objects.equals(rateRefusals, b.rateRefusals);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        start, toolCalls, toolErrors, sessionsPeak, authRefusals, quotaRefusals, rateRefusals);
  }

  @Override
  public String toString() {
    return "UsageBucket["
        + start
        + " calls="
        + toolCalls
        + " errors="
        + toolErrors
        + " peak="
        + sessionsPeak
        + (authRefusals == null ? "" : " auth=" + authRefusals)
        + (quotaRefusals == null ? "" : " quota=" + quotaRefusals)
        + (rateRefusals == null ? "" : " rate=" + rateRefusals)
        + "]";
  }
}
