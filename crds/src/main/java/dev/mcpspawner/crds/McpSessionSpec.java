package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Getter;
import lombok.Setter;

/** Who the sandbox is for and what runs in it; written once by the gateway. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class McpSessionSpec {
  @JsonPropertyDescription("The user's id as authenticated (OIDC subject, email, API key owner).")
  @Required
  @Size(min = 1, max = 1024)
  private String user;

  @JsonPropertyDescription("Name of the McpServer this session runs.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
  private String server;

  @JsonPropertyDescription("The MCP client as it introduced itself.")
  private ClientInfo client;

  @JsonPropertyDescription(
      "What keys this sandbox: the protocol session (stateful clients) or the client identity"
          + " (stateless clients).")
  @Size(max = 1024)
  private String instance;

  public McpSessionSpec() {}

  public McpSessionSpec(String user, String server) {
    this.user = user;
    this.server = server;
  }
}
