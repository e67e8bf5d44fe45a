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
 * Whether the catalog entry can be used and what its open sessions request (the operator's), and
 * its recent usage (the gateway's).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class McpServerStatus {
  @JsonPropertyDescription("The generation the operator last validated.")
  private Long observedGeneration;

  @JsonPropertyDescription("Valid: whether sessions can be started from this entry, and why not.")
  @SchemaFrom(type = ConditionSchema.List.class)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Sessions of this server that hold (or may soon hold) a pod.")
  private Integer activeSessions;

  @JsonPropertyDescription("CPU requested by the session pods of this server together.")
  private Quantity cpuRequested;

  @JsonPropertyDescription("Memory requested by the session pods of this server together.")
  private Quantity memoryRequested;

  @JsonPropertyDescription(
      "Tool calls and open sessions per 5 minutes over the last 24 hours, oldest first; written"
          + " by the gateway (the operator leaves it alone).")
  private List<UsageBucket> usage;
}
