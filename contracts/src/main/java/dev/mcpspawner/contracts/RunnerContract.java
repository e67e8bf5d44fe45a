package dev.mcpspawner.contracts;

import dev.mcpspawner.contracts.config.Option;
import dev.mcpspawner.contracts.config.Options;
import dev.mcpspawner.contracts.config.Parsers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
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

  /** Where Kubernetes takes a container's termination message from. */
  public static final String TERMINATION_LOG = "/dev/termination-log";

  /**
   * The runner's environment: what the operator sets in every session pod ({@link #OPERATOR_ENV})
   * and the runner's own options for direct use, local mode and tuning. The stdio server's command
   * is not among them: it is the runner's arguments, the container's {@code args} (so {@code
   * kubectl describe pod} shows it).
   */
  public static final class Env {
    private Env() {}

    private static Option<Integer> seconds(String name, String fallback, String description) {
      return Option.of(ENV_PREFIX + name, fallback, Parsers.integer(0, 86_400), description);
    }

    public static final Option<Path> WORKDIR =
        Option.of(
            ENV_PREFIX + "WORKDIR",
            null,
            Parsers.path(),
            "working directory of the server process (unset: the runner's)");
    public static final Option<Integer> PORT =
        Option.of(
            ENV_PREFIX + "PORT",
            Integer.toString(RunnerContract.PORT),
            Parsers.integer(0, 65535),
            "port of `/mcp`, `/healthz` and `/readyz` (0: any free)");
    public static final Option<Path> TOKEN_FILE =
        Option.of(
            ENV_PREFIX + "TOKEN_FILE",
            TOKEN_DIR + "/" + TOKEN_KEY,
            Parsers.path(),
            "file holding the bearer token the gateway presents");
    public static final Option<String> SESSION_ID =
        Option.of(ENV_PREFIX + "SESSION_ID", null, Parsers.text(), "the McpSession's name");
    public static final Option<Path> SESSION_DIR =
        Option.of(
            ENV_PREFIX + "SESSION_DIR",
            null,
            Parsers.path(),
            "directory created for this session at start (unset: none)");
    public static final Option<SessionDirPolicy> SESSION_DIR_POLICY =
        Option.of(
            ENV_PREFIX + "SESSION_DIR_POLICY",
            SessionDirPolicy.KEEP.value(),
            SessionDirPolicy::parse,
            "`keep` or `delete`: what becomes of the session directory at exit");
    public static final Option<Integer> SHUTDOWN_GRACE_SECONDS =
        seconds(
            "SHUTDOWN_GRACE_SECONDS",
            "10",
            "seconds between closing the server's stdin and SIGTERM, then SIGKILL; also the"
                + " drain limit");
    public static final Option<Path> TERMINATION_LOG =
        Option.of(
            ENV_PREFIX + "TERMINATION_LOG",
            null,
            Parsers.path(),
            "file the tail of the server's stderr is written to when it exits (unset: `"
                + RunnerContract.TERMINATION_LOG
                + "` if Kubernetes mounted it)");
    public static final Option<String> BIND_ADDRESS =
        Option.of(ENV_PREFIX + "BIND_ADDRESS", "0.0.0.0", Parsers.text(), "address to listen on");
    public static final Option<Long> MAX_BODY_BYTES =
        Option.of(
            ENV_PREFIX + "MAX_BODY_BYTES",
            Long.toString(16L * 1024 * 1024),
            Parsers.longInteger(1, Integer.MAX_VALUE),
            "largest request body taken (larger: 413)");
    public static final Option<Integer> MAX_CONNECTIONS =
        Option.of(
            ENV_PREFIX + "MAX_CONNECTIONS",
            "256",
            Parsers.integer(1, 65_536),
            "connections served at once; beyond it a new one gets 503 and is closed");
    public static final Option<Integer> HANDSHAKE_TIMEOUT_SECONDS =
        seconds(
            "HANDSHAKE_TIMEOUT_SECONDS",
            "60",
            "how long the stdio server may take to answer `initialize`");
    public static final Option<Integer> INPUT_TIMEOUT_SECONDS =
        seconds(
            "INPUT_TIMEOUT_SECONDS",
            "120",
            "how long a stateless call parked on `input_required` waits for its retry before it"
                + " is cancelled at the server");
    public static final Option<Boolean> ISSUE_SESSION_ID =
        Option.of(
            ENV_PREFIX + "ISSUE_SESSION_ID",
            "false",
            Parsers.bool(),
            "issue an `Mcp-Session-Id` on initialize (direct use; the gateway owns session ids)");
    public static final Option<Boolean> ALLOW_UNAUTHENTICATED =
        Option.of(
            ENV_PREFIX + "ALLOW_UNAUTHENTICATED",
            "false",
            Parsers.bool(),
            "serve without a token file (then only loopback Host and Origin are accepted)");
  }

  /** What the operator sets in every session pod (and local mode's kubelet passes on). */
  public static final Options OPERATOR_ENV =
      Options.of(
          Env.WORKDIR,
          Env.PORT,
          Env.TOKEN_FILE,
          Env.SESSION_ID,
          Env.SESSION_DIR,
          Env.SESSION_DIR_POLICY,
          Env.SHUTDOWN_GRACE_SECONDS,
          Env.TERMINATION_LOG);

  /** Every variable the runner reads: the operator's and its own. */
  public static final Options RUNNER_ENV =
      OPERATOR_ENV.and(
          Options.of(
              Env.BIND_ADDRESS,
              Env.MAX_BODY_BYTES,
              Env.MAX_CONNECTIONS,
              Env.HANDSHAKE_TIMEOUT_SECONDS,
              Env.INPUT_TIMEOUT_SECONDS,
              Env.ISSUE_SESSION_ID,
              Env.ALLOW_UNAUTHENTICATED));

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
