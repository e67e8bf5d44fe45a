package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.mcpspawner.crds.schema.ConditionSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import lombok.Getter;
import lombok.Setter;

/** What the operator observed of the session. Timestamps are RFC 3339. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class McpSessionStatus {
  @JsonPropertyDescription("Pending, Starting, Ready, Terminating or Failed.")
  private SessionPhase phase;

  @JsonPropertyDescription("PodReady, Ended; see reason and message.")
  @SchemaFrom(type = ConditionSchema.List.class)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Name of the session pod.")
  private String podName;

  @JsonPropertyDescription("URL the gateway relays to (http://<pod ip>:<port><path>).")
  private String endpoint;

  @JsonPropertyDescription("When the operator first saw the session.")
  private String startedAt;

  @JsonPropertyDescription("When the session first became Ready.")
  private String readyAt;

  @JsonPropertyDescription(
      "The last request the gateway relayed (from the last-activity annotation).")
  private String lastActivityAt;

  @JsonPropertyDescription("Machine-readable reason of the current phase (e.g. ImagePullBackOff).")
  private String reason;

  @JsonPropertyDescription("What a person should know about the current phase.")
  private String message;

  @JsonPropertyDescription("Exit code of the MCP server when it ended.")
  private Integer exitCode;

  @JsonPropertyDescription("The last lines the MCP server wrote to stderr before it ended.")
  private String stderrTail;
}
