package dev.mcpspawner.crds;

/**
 * What the operator tells the runner (through the session pod's environment and volumes) and how
 * the gateway reaches it. The runner's child process gets the container environment minus every
 * variable starting with {@link #ENV_PREFIX}.
 */
public final class RunnerContract {
  /** Port the runner serves {@code /mcp}, {@code /healthz} and {@code /readyz} on. */
  public static final int PORT = 8080;

  public static final String MCP_PATH = "/mcp";
  public static final String HEALTH_PATH = "/healthz";
  public static final String READY_PATH = "/readyz";

  /** Directory where the session Secret is mounted; the bearer token is the file {@code token}. */
  public static final String TOKEN_DIR = "/var/run/mcp-spawner";

  /** Key of the bearer token in the session Secret (and file name under {@link #TOKEN_DIR}). */
  public static final String TOKEN_KEY = "token";

  public static final String ENV_PREFIX = "MCP_RUNNER_";

  /** The stdio server's executable. */
  public static final String ENV_COMMAND = ENV_PREFIX + "COMMAND";

  /** The stdio server's arguments, as a JSON array of strings. */
  public static final String ENV_ARGS = ENV_PREFIX + "ARGS";

  /** Working directory of the server process. */
  public static final String ENV_WORKDIR = ENV_PREFIX + "WORKDIR";

  /** Port to listen on (defaults to {@link #PORT}). */
  public static final String ENV_PORT = ENV_PREFIX + "PORT";

  /** Path of the file holding the bearer token the gateway must present. */
  public static final String ENV_TOKEN_FILE = ENV_PREFIX + "TOKEN_FILE";

  /** The McpSession name. */
  public static final String ENV_SESSION_ID = ENV_PREFIX + "SESSION_ID";

  /** Directory created for this session at start. */
  public static final String ENV_SESSION_DIR = ENV_PREFIX + "SESSION_DIR";

  /** {@code keep} or {@code delete}: what happens to the session directory at exit. */
  public static final String ENV_SESSION_DIR_POLICY = ENV_PREFIX + "SESSION_DIR_POLICY";

  /** Grace period, in seconds, between closing the server's stdin and SIGTERM, then SIGKILL. */
  public static final String ENV_SHUTDOWN_GRACE_SECONDS = ENV_PREFIX + "SHUTDOWN_GRACE_SECONDS";

  /** File the tail of the server's stderr is written to when it exits. */
  public static final String ENV_TERMINATION_LOG = ENV_PREFIX + "TERMINATION_LOG";

  public static final String TERMINATION_LOG = "/dev/termination-log";

  private RunnerContract() {}
}
