package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import lombok.Getter;
import lombok.Setter;

/** The MCP client's clientInfo (name and version), as sent in initialize or _meta. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
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
}
