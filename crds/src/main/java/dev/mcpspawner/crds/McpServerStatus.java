package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.mcpspawner.crds.schema.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Whether the catalog entry can be used (the operator's), and its recent usage (the gateway's). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpServerStatus {
  @JsonPropertyDescription("The generation the operator last validated.")
  private Long observedGeneration;

  @JsonPropertyDescription("Valid: whether sessions can be started from this entry, and why not.")
  @SchemaFrom(type = ConditionSchema.List.class)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "Tool calls and open sessions per 5 minutes over the last 24 hours, oldest first; written"
          + " by the gateway (the operator leaves it alone).")
  private List<UsageBucket> usage;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<UsageBucket> getUsage() {
    return usage;
  }

  public void setUsage(List<UsageBucket> usage) {
    this.usage = usage;
  }
}
