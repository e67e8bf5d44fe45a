package dev.mcpspawner.crds.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;

/**
 * The CRD schema of one entry of {@code status.conditions}: the same fields as Fabric8's {@link
 * io.fabric8.kubernetes.api.model.Condition}, which the Java code keeps using, with the
 * descriptions {@code kubectl explain} shows. Only the CRD generator reads this class.
 */
public final class ConditionSchema {
  @JsonPropertyDescription("The kind of condition, e.g. Valid, Ready, Disabled, QuotaReached.")
  public String type;

  @JsonPropertyDescription("True, False or Unknown.")
  public String status;

  @JsonPropertyDescription(
      "Why the condition is as it is: one word in CamelCase, e.g. QuotaExceeded, UserDisabled.")
  public String reason;

  @JsonPropertyDescription("What happened and what to do about it, for a person.")
  public String message;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  public String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation the condition was set for.")
  public Long observedGeneration;

  private ConditionSchema() {}

  /** The schema of a {@code conditions} list: use as {@code @SchemaFrom(type = List.class)}. */
  public static final class List extends ArrayList<ConditionSchema> {
    private List() {}
  }
}
