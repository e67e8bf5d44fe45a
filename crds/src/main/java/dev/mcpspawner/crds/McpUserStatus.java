package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.mcpspawner.crds.schema.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator counts of the user's sessions, and the user's conditions; and the user's recent
 * usage (the gateway's).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpUserStatus {
  @JsonPropertyDescription("Sessions of the user that hold (or may soon hold) a pod.")
  private Integer activeSessions;

  @JsonPropertyDescription("Active sessions against the quota, e.g. 2/5 (kubectl column).")
  private String sessionsSummary;

  @JsonPropertyDescription("CPU requested by the user's session pods together.")
  private Quantity cpuRequested;

  @JsonPropertyDescription("Memory requested by the user's session pods together.")
  private Quantity memoryRequested;

  @JsonPropertyDescription("The quota in force: the user's own, completed by the defaults.")
  private UserQuota effectiveQuota;

  @JsonPropertyDescription("The last MCP request of any of the user's sessions.")
  private String lastSeen;

  @JsonPropertyDescription("Valid, Disabled, QuotaReached; see reason and message.")
  @SchemaFrom(type = ConditionSchema.List.class)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Tool calls and refused requests per 5 minutes over the last 24 hours, oldest first;"
          + " written by the gateway (the operator leaves it alone).")
  private List<UserUsageBucket> usage;

  public List<UserUsageBucket> getUsage() {
    return usage;
  }

  public void setUsage(List<UserUsageBucket> usage) {
    this.usage = usage;
  }

  public Integer getActiveSessions() {
    return activeSessions;
  }

  public void setActiveSessions(Integer activeSessions) {
    this.activeSessions = activeSessions;
  }

  public String getSessionsSummary() {
    return sessionsSummary;
  }

  public void setSessionsSummary(String sessionsSummary) {
    this.sessionsSummary = sessionsSummary;
  }

  public Quantity getCpuRequested() {
    return cpuRequested;
  }

  public void setCpuRequested(Quantity cpuRequested) {
    this.cpuRequested = cpuRequested;
  }

  public Quantity getMemoryRequested() {
    return memoryRequested;
  }

  public void setMemoryRequested(Quantity memoryRequested) {
    this.memoryRequested = memoryRequested;
  }

  public UserQuota getEffectiveQuota() {
    return effectiveQuota;
  }

  public void setEffectiveQuota(UserQuota effectiveQuota) {
    this.effectiveQuota = effectiveQuota;
  }

  public String getLastSeen() {
    return lastSeen;
  }

  public void setLastSeen(String lastSeen) {
    this.lastSeen = lastSeen;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
