package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** The MCP client's clientInfo (name and version), as sent in initialize or _meta. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientInfo {
  @JsonPropertyDescription("Client name, e.g. claude-ai; becomes {INSTANCE_TYPE} as a slug.")
  @Size(max = 256)
  private String name;

  @JsonPropertyDescription("Client version.")
  @Size(max = 256)
  private String version;

  public ClientInfo() {}

  public ClientInfo(String name, String version) {
    this.name = name;
    this.version = version;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }
}
