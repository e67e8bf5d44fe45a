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

  @Override
  public boolean equals(Object o) {
    return o instanceof UsageBucket b
        && Objects.equals(start, b.start)
        && Objects.equals(toolCalls, b.toolCalls)
        && Objects.equals(toolErrors, b.toolErrors)
        && Objects.equals(sessionsPeak, b.sessionsPeak);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, toolCalls, toolErrors, sessionsPeak);
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
        + "]";
  }
}
