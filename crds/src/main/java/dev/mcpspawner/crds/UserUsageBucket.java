package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import lombok.EqualsAndHashCode;
import lombok.Getter;
import lombok.Setter;
import lombok.ToString;

/**
 * What one user did in one interval of {@code McpUser.status.usage}: written by the gateway
 * replicas, each adding its own counts under optimistic locking (as {@link UsageBucket} in
 * McpServer status), so the sum over replicas is what the API holds. Absent counts are zero.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
@EqualsAndHashCode
@ToString
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
}
