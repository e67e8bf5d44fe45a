package dev.mcpspawner.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.mcpspawner.contracts.SessionDirPolicy;
import dev.mcpspawner.crds.schema.ResourcesSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lombok.Getter;
import lombok.Setter;

/** How sessions of this server are run. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Getter
public class McpServerSpec {

  @JsonPropertyDescription(
      "How the gateway talks to the server: stdio (run under the runner) or streamable-http (the"
          + " image serves MCP itself on port).")
  @Default("stdio")
  @Setter
  private Transport transport = Transport.STDIO;

  @JsonPropertyDescription(
      "Executable to start, as in a Claude Desktop mcpServers entry (e.g. npx). Required for"
          + " stdio; for streamable-http it replaces the image's entrypoint.")
  @Setter
  private String command;

  @JsonPropertyDescription(
      "Arguments to the command. May use {SESSION_ID}, {USER_ID}, {SERVER_NAME},"
          + " {INSTANCE_TYPE}, {SESSION_DIR}, {USER_DIR}.")
  @Setter
  private List<String> args = new ArrayList<>();

  @JsonPropertyDescription("Environment of the server process; values may use template variables.")
  @Setter
  private Map<String, String> env = new LinkedHashMap<>();

  @JsonPropertyDescription("Secrets whose keys become environment variables of the server.")
  @Setter
  private List<SecretEnvSource> envFrom = new ArrayList<>();

  @JsonPropertyDescription(
      "Credentials each user provides for themselves; injected only into their own sessions.")
  private List<Credential> credentials = new ArrayList<>();

  @JsonPropertyDescription("Working directory of the server; may use template variables.")
  @Setter
  private String workingDir;

  @JsonPropertyDescription("Container image; defaults to the runner image (Node.js, Python, uv).")
  @Setter
  private String image;

  @JsonPropertyDescription("Port the image serves MCP on (streamable-http only).")
  @Min(1)
  @Max(65535)
  @Setter
  private Integer port;

  @JsonPropertyDescription("HTTP path of the MCP endpoint (streamable-http only).")
  @Pattern("^/[A-Za-z0-9._~/-]*$")
  @Setter
  private String path;

  @JsonPropertyDescription("CPU, memory and ephemeral-storage requests and limits of the pod.")
  @SchemaFrom(type = ResourcesSchema.class)
  @Setter
  private ResourceRequirements resources;

  @JsonPropertyDescription("RuntimeClass for stronger isolation (e.g. gvisor, kata).")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Setter
  private String runtimeClassName;

  @JsonPropertyDescription("Whether and where sessions mount the user's home volume.")
  @Setter
  private Storage storage;

  @JsonPropertyDescription("Session ended after this long without a request (e.g. 30m).")
  @Pattern(Durations.PATTERN)
  @Setter
  private String idleTimeout;

  @JsonPropertyDescription("Session ended this long after it was created, active or not (e.g. 8h).")
  @Pattern(Durations.PATTERN)
  @Setter
  private String maxLifetime;

  @JsonPropertyDescription("A session not Ready this long after creation fails (e.g. 2m).")
  @Pattern(Durations.PATTERN)
  @Setter
  private String startTimeout;

  @JsonPropertyDescription(
      "Network egress of session pods: none (DNS only), internet (no cluster or private"
          + " ranges), cluster (in-cluster only).")
  @Default("none")
  @Setter
  private Egress egress = Egress.NONE;

  @JsonPropertyDescription(
      "Who may use the server: user ids and groups. Unset or empty: every signed-in user.")
  @Setter
  private Access access;

  @JsonPropertyDescription("What happens to {SESSION_DIR} when the session ends: delete or keep.")
  @Default("delete")
  @Setter
  private SessionDirPolicy sessionDirPolicy = SessionDirPolicy.DELETE;

  public void setCredentials(List<Credential> credentials) {
    this.credentials = credentials == null ? new ArrayList<>() : credentials;
  }
}
