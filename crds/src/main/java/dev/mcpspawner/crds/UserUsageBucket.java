package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * What one user did in one interval of {@code McpUser.status.usage}: written by the gateway
 * replicas, each adding its own counts under optimistic locking (as {@link UsageBucket} in
 * McpServer status), so the sum over replicas is what the API holds. Absent counts are zero.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserUsageBucket {
  @JsonPropertyDescription("Start of the interval (RFC 3339, UTC); intervals are 5 minutes.")
  private String start;

  @JsonPropertyDescription("tools/call requests of the user relayed to their sessions.")
  private Long toolCalls;

  @JsonPropertyDescription("Of those, the ones answered with an HTTP error, timeout or no answer.")
  private Long toolErrors;

  @JsonPropertyDescription("Requests refused because a quota of the user was reached.")
  private Long quotaRefusals;

  @JsonPropertyDescription("Requests refused by the user's rate limit.")
  private Long rateRefusals;

  @JsonPropertyDescription("Requests refused because the user is disabled.")
  private Long disabledRefusals;

  @JsonPropertyDescription("Requests refused because their token was revoked (tokensNotBefore).")
  private Long revokedRefusals;

  public UserUsageBucket() {}

  public UserUsageBucket(String start) {
    this.start = start;
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

  public Long getDisabledRefusals() {
    return disabledRefusals;
  }

  public void setDisabledRefusals(Long disabledRefusals) {
    this.disabledRefusals = disabledRefusals;
  }

  public Long getRevokedRefusals() {
    return revokedRefusals;
  }

  public void setRevokedRefusals(Long revokedRefusals) {
    this.revokedRefusals = revokedRefusals;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserUsageBucket b
        && Objects.equals(start, b.start)
        && Objects.equals(toolCalls, b.toolCalls)
        && Objects.equals(toolErrors, b.toolErrors)
        && Objects.equals(quotaRefusals, b.quotaRefusals)
        && Objects.equals(rateRefusals, b.rateRefusals)
        && Objects.equals(disabledRefusals, b.disabledRefusals)
        && Objects.equals(revokedRefusals, b.revokedRefusals);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        start,
        toolCalls,
        toolErrors,
        quotaRefusals,
        rateRefusals,
        disabledRefusals,
        revokedRefusals);
  }

  @Override
  public String toString() {
    return "UserUsageBucket{"
        + start
        + " calls="
        + toolCalls
        + " errors="
        + toolErrors
        + " quota="
        + quotaRefusals
        + " rate="
        + rateRefusals
        + " disabled="
        + disabledRefusals
        + " revoked="
        + revokedRefusals
        + "}";
  }
}
