package dev.mcpspawner.crds.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * The CRD schema of {@code McpServer.spec.resources}: the same fields as Fabric8's {@link
 * io.fabric8.kubernetes.api.model.ResourceRequirements}, which the Java code keeps using, with the
 * descriptions {@code kubectl explain} shows. Only the CRD generator reads this class.
 */
public final class ResourcesSchema {
  @JsonPropertyDescription(
      "Least resources the pod is scheduled with, by name (cpu, memory, ephemeral-storage);"
          + " quantities, e.g. 250m, 512Mi. User quotas count the requests.")
  public Map<String, Quantity> requests;

  @JsonPropertyDescription(
      "Most resources the pod may use, by name (cpu, memory, ephemeral-storage); quantities.")
  public Map<String, Quantity> limits;

  @JsonPropertyDescription("Dynamic resource claims the pod's container uses (rarely needed).")
  public List<Claim> claims;

  private ResourcesSchema() {}

  /** One dynamic resource claim. */
  public static final class Claim {
    @JsonPropertyDescription("The name of an entry of the pod's resourceClaims.")
    public String name;

    @JsonPropertyDescription("The request of that claim to use, if it has several.")
    public String request;

    private Claim() {}
  }
}
