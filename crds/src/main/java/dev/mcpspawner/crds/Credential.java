package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import lombok.Getter;
import lombok.Setter;

/**
 * A credential each user provides for themselves (a personal access token, say): stored per (user,
 * server) in a Secret of the user's, and given only to that user's session pods of this server.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class Credential {
  /** An environment variable name; also a Secret key and an annotation name (63 at most). */
  public static final String NAME_PATTERN = "^[A-Z_][A-Z0-9_]{0,62}$";

  @JsonPropertyDescription(
      "Environment variable the value becomes in the server's process (e.g."
          + " GITHUB_PERSONAL_ACCESS_TOKEN).")
  @Required
  @Pattern(NAME_PATTERN)
  private String name;

  @JsonPropertyDescription("What to provide, shown to the user on their account page.")
  @Size(max = 500)
  private String description;

  @JsonPropertyDescription(
      "Whether sessions of the server refuse to start until the user has set it.")
  @Default("true")
  private boolean required = true;

  @JsonPropertyDescription("A regular expression a value must match in full (checked when set).")
  @Size(max = 500)
  private String pattern;

  public Credential() {}

  public Credential(String name, String description, boolean required, String pattern) {
    this.name = name;
    this.description = description;
    this.required = required;
    this.pattern = pattern;
  }
}
