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
import lombok.Getter;
import lombok.Setter;

/**
 * What the operator counts of the user's sessions, and the user's conditions; and the user's recent
 * usage (the gateway's).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
public class McpUserStatus {
  @JsonPropertyDescription("Sessions of the user that hold (or may soon hold) a pod.")
  @Setter
  private Integer activeSessions;

  @JsonPropertyDescription("Active sessions against the quota, e.g. 2/5 (kubectl column).")
  @Setter
  private String sessionsSummary;

  @JsonPropertyDescription("CPU requested by the user's session pods together.")
  @Setter
  private Quantity cpuRequested;

  @JsonPropertyDescription("Memory requested by the user's session pods together.")
  @Setter
  private Quantity memoryRequested;

  @JsonPropertyDescription("The quota in force: the user's own, completed by the defaults.")
  @Setter
  private UserQuota effectiveQuota;

  @JsonPropertyDescription("The last MCP request of any of the user's sessions.")
  @Setter
  private String lastSeen;

  @JsonPropertyDescription("Valid, Disabled, QuotaReached; see reason and message.")
  @SchemaFrom(type = ConditionSchema.List.class)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The generation this status describes.")
  @Setter
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Tool calls and refused requests per 5 minutes over the last 24 hours, oldest first;"
          + " written by the gateway (the operator leaves it alone).")
  @Setter
  private List<UserUsageBucket> usage;

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }
}
