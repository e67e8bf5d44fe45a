package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.Quantity;
import lombok.Getter;
import lombok.Setter;

/**
 * What one user's sessions may hold at once. CPU and memory are summed over the requests of the
 * user's session pods; storage is the size of their home volume when it is created. The schema
 * takes any quantity; a negative one makes the user {@code Valid=False} (operator).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
@Setter
public class UserQuota {

  @JsonPropertyDescription("Sessions open at once (0: none may be opened).")
  @Min(0)
  private Integer sessions;

  @JsonPropertyDescription("CPU requested by all the user's session pods together (e.g. 2, 500m).")
  private Quantity cpu;

  @JsonPropertyDescription("Memory requested by all the user's session pods together (e.g. 4Gi).")
  private Quantity memory;

  @JsonPropertyDescription("Size of the user's home volume when it is created (e.g. 5Gi).")
  private Quantity storage;

  public UserQuota() {}

  public UserQuota(Integer sessions, Quantity cpu, Quantity memory, Quantity storage) {
    this.sessions = sessions;
    this.cpu = cpu;
    this.memory = memory;
    this.storage = storage;
  }

  /** Each field of this quota, or of {@code defaults} where this one leaves it unset. */
  public UserQuota orElse(UserQuota defaults) {
    if (defaults == null) {
      return this;
    }
    return new UserQuota(
        sessions != null ? sessions : defaults.sessions,
        cpu != null ? cpu : defaults.cpu,
        memory != null ? memory : defaults.memory,
        storage != null ? storage : defaults.storage);
  }
}
