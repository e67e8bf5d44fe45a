package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import lombok.Getter;
import lombok.Setter;

/** A Secret in the sessions namespace whose keys become environment variables of the server. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class SecretEnvSource {
  @JsonPropertyDescription("Name of the Secret.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String secretName;

  @JsonPropertyDescription("Prefix added to every variable name taken from the Secret.")
  @Pattern("^[A-Za-z_][A-Za-z0-9_]*$")
  private String prefix;

  public SecretEnvSource() {}

  public SecretEnvSource(String secretName) {
    this.secretName = secretName;
  }
}
