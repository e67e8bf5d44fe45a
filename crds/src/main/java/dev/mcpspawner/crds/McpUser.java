package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One person who signs in: named by the slug of their user id ({@link Names#userSlug}), created on
 * their first sign-in, managed with kubectl or the admin API. Holds what limits them.
 */
@Group(McpSpawner.GROUP)
@Version(McpSpawner.VERSION)
@ShortNames("mcpu")
@AdditionalPrinterColumn(name = "USER", jsonPath = ".spec.subject")
@AdditionalPrinterColumn(name = "DISABLED", jsonPath = ".spec.disabled")
@AdditionalPrinterColumn(name = "SESSIONS", jsonPath = ".status.sessionsSummary")
@AdditionalPrinterColumn(
    name = "LAST SEEN",
    jsonPath = ".status.lastSeen",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "AGE",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonIgnoreProperties(ignoreUnknown = true)
public class McpUser extends CustomResource<McpUserSpec, McpUserStatus> implements Namespaced {

  @Override
  protected McpUserStatus initStatus() {
    return new McpUserStatus();
  }

  // Overridden only to describe spec and status in the CRD (kubectl explain).
  @Override
  @JsonPropertyDescription(
      "Who the user is and what limits them: set by an administrator (kubectl or the"
          + " admin API); created from the defaults on first sign-in.")
  public McpUserSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator counts of the user's sessions, and the user's conditions."
          + " Written by the operator.")
  public McpUserStatus getStatus() {
    return super.getStatus();
  }
}
