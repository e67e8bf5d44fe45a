package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One sandbox: a user's MCP session, reconciled into a pod by the operator. */
@Group(McpSpawner.GROUP)
@Version(McpSpawner.VERSION)
@ShortNames("mcps")
@AdditionalPrinterColumn(name = "USER", jsonPath = ".spec.user")
@AdditionalPrinterColumn(name = "SERVER", jsonPath = ".spec.server")
@AdditionalPrinterColumn(name = "CLIENT", jsonPath = ".spec.client.name")
@AdditionalPrinterColumn(name = "PHASE", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "IDLE",
    jsonPath = ".status.lastActivityAt",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class McpSession extends CustomResource<McpSessionSpec, McpSessionStatus>
    implements Namespaced {

  @Override
  protected McpSessionStatus initStatus() {
    return new McpSessionStatus();
  }

  // Overridden only to describe spec and status in the CRD (kubectl explain).
  @Override
  @JsonPropertyDescription(
      "Which server the session runs, for whom, and how: written by the gateway when"
          + " the session opens.")
  public McpSessionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Phase, pod and conditions of the session. Written by the operator.")
  public McpSessionStatus getStatus() {
    return super.getStatus();
  }
}
