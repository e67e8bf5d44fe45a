package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One catalog entry: how to run an MCP server for a session (the cluster form of mcpServers). */
@Group(McpSpawner.GROUP)
@Version(McpSpawner.VERSION)
@ShortNames("mcpsrv")
@AdditionalPrinterColumn(name = "TRANSPORT", jsonPath = ".spec.transport")
@AdditionalPrinterColumn(name = "COMMAND", jsonPath = ".spec.command")
@AdditionalPrinterColumn(
    name = "VALID",
    jsonPath = ".status.conditions[?(@.type==\"Valid\")].status")
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class McpServer extends CustomResource<McpServerSpec, McpServerStatus>
    implements Namespaced {

  @Override
  protected McpServerStatus initStatus() {
    return new McpServerStatus();
  }

  // Overridden only to describe spec and status in the CRD (kubectl explain).
  @Override
  @JsonPropertyDescription(
      "How sessions of this server are run: command, transport, image, resources," + " access.")
  public McpServerSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Whether sessions can be started from this entry. Written by the operator.")
  public McpServerStatus getStatus() {
    return super.getStatus();
  }
}
