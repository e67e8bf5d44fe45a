package dev.mcpspawner.contracts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The runner's whole contract: what the operator tells it (through the session pod's environment
 * and volumes), what it serves, and how the gateway reaches it. The operator, the gateway, the
 * runner and local mode's kubelet all read it from here. The runner's child process gets the
 * container environment minus every variable starting with {@link #ENV_PREFIX}.
 */
public final class RunnerContract {
  /** Port the runner serves {@code /mcp}, {@code /healthz} and {@code /readyz} on. */
  public static final int PORT = 8080;

  public static final String MCP_PATH = "/mcp";
  public static final String HEALTH_PATH = "/healthz";
  public static final String READY_PATH = "/readyz";

  /**
   * Names each POST the gateway delivers to a runner, uniquely. A hop that sends the same bytes
   * again (a retrying proxy) repeats it, and the runner then refuses the copy instead of running a
   * tool call twice; JSON-RPC ids cannot tell, as callers sharing a runner may reuse them.
   */
  public static final String DELIVERY_HEADER = "Mcp-Spawner-Delivery";

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

  // The runner's own options, beyond what the operator sets: for direct use, local mode, tuning.

  /** Address to listen on (default {@code 0.0.0.0}). */
  public static final String ENV_BIND_ADDRESS = ENV_PREFIX + "BIND_ADDRESS";

  /** The largest request body taken, in bytes. */
  public static final String ENV_MAX_BODY_BYTES = ENV_PREFIX + "MAX_BODY_BYTES";

  /** How many connections are served at once. */
  public static final String ENV_MAX_CONNECTIONS = ENV_PREFIX + "MAX_CONNECTIONS";

  /** How long the stdio server may take to answer {@code initialize}. */
  public static final String ENV_HANDSHAKE_TIMEOUT_SECONDS =
      ENV_PREFIX + "HANDSHAKE_TIMEOUT_SECONDS";

  /** How long a stateless call may stay parked waiting for its client's input. */
  public static final String ENV_INPUT_TIMEOUT_SECONDS = ENV_PREFIX + "INPUT_TIMEOUT_SECONDS";

  /** {@code true}: issue an {@code Mcp-Session-Id} (direct use; the gateway owns session ids). */
  public static final String ENV_ISSUE_SESSION_ID = ENV_PREFIX + "ISSUE_SESSION_ID";

  /** {@code true}: serve without a token file (loopback only). */
  public static final String ENV_ALLOW_UNAUTHENTICATED = ENV_PREFIX + "ALLOW_UNAUTHENTICATED";

  /** What the operator sets in every session pod (and local mode's kubelet passes on). */
  public static final List<String> OPERATOR_ENV =
      List.of(
          ENV_COMMAND,
          ENV_ARGS,
          ENV_WORKDIR,
          ENV_PORT,
          ENV_TOKEN_FILE,
          ENV_SESSION_ID,
          ENV_SESSION_DIR,
          ENV_SESSION_DIR_POLICY,
          ENV_SHUTDOWN_GRACE_SECONDS,
          ENV_TERMINATION_LOG);

  /** Every variable the runner reads: the operator's and its own. */
  public static final List<String> RUNNER_ENV =
      java.util.stream.Stream.concat(
              OPERATOR_ENV.stream(),
              java.util.stream.Stream.of(
                  ENV_BIND_ADDRESS,
                  ENV_MAX_BODY_BYTES,
                  ENV_MAX_CONNECTIONS,
                  ENV_HANDSHAKE_TIMEOUT_SECONDS,
                  ENV_INPUT_TIMEOUT_SECONDS,
                  ENV_ISSUE_SESSION_ID,
                  ENV_ALLOW_UNAUTHENTICATED))
          .toList();

  /**
   * The Secret of the sessions namespace holding the key every runner token is derived from. The
   * operator creates it when it is missing; the gateway may read this one Secret and no other.
   */
  public static final String KEY_SECRET = "mcp-spawner-runner-key";

  /** The key's entry in {@link #KEY_SECRET}: at least {@link #KEY_BYTES} random bytes. */
  public static final String KEY_KEY = "key";

  public static final int KEY_BYTES = 32;

  private static final String HMAC = "HmacSHA256";

  private RunnerContract() {}

  /**
   * The bearer token of one session's runner: HMAC-SHA256 of the session's identity under the key,
   * base64url. The operator writes it into the session's runner Secret; the gateway computes it
   * again from the key rather than reading that Secret. A session created again under an old name
   * has a new identity, so a new token. (crds' {@code RunnerKeys} says what a session's identity
   * is.)
   */
  public static String token(byte[] key, String identity) {
    if (key == null || key.length < KEY_BYTES) {
      throw new IllegalArgumentException("a runner key has at least " + KEY_BYTES + " bytes");
    }
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      byte[] tag = mac.doFinal(identity.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }
}
