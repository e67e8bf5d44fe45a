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

/** How sessions of this server are run. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class McpServerSpec {

  @JsonPropertyDescription(
      "How the gateway talks to the server: stdio (run under the runner) or streamable-http (the"
          + " image serves MCP itself on port).")
  @Default("stdio")
  private Transport transport = Transport.STDIO;

  @JsonPropertyDescription(
      "Executable to start, as in a Claude Desktop mcpServers entry (e.g. npx). Required for"
          + " stdio; for streamable-http it replaces the image's entrypoint.")
  private String command;

  @JsonPropertyDescription(
      "Arguments to the command. May use {SESSION_ID}, {USER_ID}, {SERVER_NAME},"
          + " {INSTANCE_TYPE}, {SESSION_DIR}, {USER_DIR}.")
  private List<String> args = new ArrayList<>();

  @JsonPropertyDescription("Environment of the server process; values may use template variables.")
  private Map<String, String> env = new LinkedHashMap<>();

  @JsonPropertyDescription("Secrets whose keys become environment variables of the server.")
  private List<SecretEnvSource> envFrom = new ArrayList<>();

  @JsonPropertyDescription(
      "Credentials each user provides for themselves; injected only into their own sessions.")
  private List<Credential> credentials = new ArrayList<>();

  @JsonPropertyDescription("Working directory of the server; may use template variables.")
  private String workingDir;

  @JsonPropertyDescription("Container image; defaults to the runner image (Node.js, Python, uv).")
  private String image;

  @JsonPropertyDescription("Port the image serves MCP on (streamable-http only).")
  @Min(1)
  @Max(65535)
  private Integer port;

  @JsonPropertyDescription("HTTP path of the MCP endpoint (streamable-http only).")
  @Pattern("^/[A-Za-z0-9._~/-]*$")
  private String path;

  @JsonPropertyDescription("CPU, memory and ephemeral-storage requests and limits of the pod.")
  @SchemaFrom(type = ResourcesSchema.class)
  private ResourceRequirements resources;

  @JsonPropertyDescription("RuntimeClass for stronger isolation (e.g. gvisor, kata).")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  private String runtimeClassName;

  @JsonPropertyDescription("Whether and where sessions mount the user's home volume.")
  private Storage storage;

  @JsonPropertyDescription("Session ended after this long without a request (e.g. 30m).")
  @Pattern(Durations.PATTERN)
  private String idleTimeout;

  @JsonPropertyDescription("Session ended this long after it was created, active or not (e.g. 8h).")
  @Pattern(Durations.PATTERN)
  private String maxLifetime;

  @JsonPropertyDescription("A session not Ready this long after creation fails (e.g. 2m).")
  @Pattern(Durations.PATTERN)
  private String startTimeout;

  @JsonPropertyDescription(
      "Network egress of session pods: none (DNS only), internet (no cluster or private"
          + " ranges), cluster (in-cluster only).")
  @Default("none")
  private Egress egress = Egress.NONE;

  @JsonPropertyDescription(
      "Who may use the server: user ids and groups. Unset or empty: every signed-in user.")
  private Access access;

  @JsonPropertyDescription("What happens to {SESSION_DIR} when the session ends: delete or keep.")
  @Default("delete")
  private SessionDirPolicy sessionDirPolicy = SessionDirPolicy.DELETE;

  public Transport getTransport() {
    return transport;
  }

  public void setTransport(Transport transport) {
    this.transport = transport;
  }

  public String getCommand() {
    return command;
  }

  public void setCommand(String command) {
    this.command = command;
  }

  public List<String> getArgs() {
    return args;
  }

  public void setArgs(List<String> args) {
    this.args = args;
  }

  public Map<String, String> getEnv() {
    return env;
  }

  public void setEnv(Map<String, String> env) {
    this.env = env;
  }

  public List<Credential> getCredentials() {
    return credentials;
  }

  public void setCredentials(List<Credential> credentials) {
    this.credentials = credentials == null ? new ArrayList<>() : credentials;
  }

  public List<SecretEnvSource> getEnvFrom() {
    return envFrom;
  }

  public void setEnvFrom(List<SecretEnvSource> envFrom) {
    this.envFrom = envFrom;
  }

  public String getWorkingDir() {
    return workingDir;
  }

  public void setWorkingDir(String workingDir) {
    this.workingDir = workingDir;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getRuntimeClassName() {
    return runtimeClassName;
  }

  public void setRuntimeClassName(String runtimeClassName) {
    this.runtimeClassName = runtimeClassName;
  }

  public Storage getStorage() {
    return storage;
  }

  public void setStorage(Storage storage) {
    this.storage = storage;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public String getMaxLifetime() {
    return maxLifetime;
  }

  public void setMaxLifetime(String maxLifetime) {
    this.maxLifetime = maxLifetime;
  }

  public String getStartTimeout() {
    return startTimeout;
  }

  public void setStartTimeout(String startTimeout) {
    this.startTimeout = startTimeout;
  }

  public Access getAccess() {
    return access;
  }

  public void setAccess(Access access) {
    this.access = access;
  }

  public Egress getEgress() {
    return egress;
  }

  public void setEgress(Egress egress) {
    this.egress = egress;
  }

  public SessionDirPolicy getSessionDirPolicy() {
    return sessionDirPolicy;
  }

  public void setSessionDirPolicy(SessionDirPolicy sessionDirPolicy) {
    this.sessionDirPolicy = sessionDirPolicy;
  }
}
