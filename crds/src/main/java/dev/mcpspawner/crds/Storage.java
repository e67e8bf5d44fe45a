package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import lombok.Getter;
import lombok.Setter;

/**
 * The user's home volume as a server sees it. The claim itself is created once per user, by the
 * first session that asks for it, from these values or the operator's defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class Storage {
  @JsonPropertyDescription("Mount the user's home volume into sessions of this server.")
  @Default("true")
  private boolean home = true;

  @JsonPropertyDescription("Where the home volume is mounted ({USER_DIR}).")
  @Default("/home/mcp")
  @Pattern("^/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
  private String mountPath = "/home/mcp";

  @JsonPropertyDescription(
      "Size of a newly created home volume (e.g. 1Gi); operator default if unset.")
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
  private String size;

  @JsonPropertyDescription("StorageClass of a newly created home volume; cluster default if unset.")
  private String storageClassName;

  @JsonPropertyDescription("Access mode of a newly created home volume; operator default if unset.")
  private AccessMode accessMode;
}
