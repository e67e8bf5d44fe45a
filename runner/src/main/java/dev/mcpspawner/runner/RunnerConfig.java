package dev.mcpspawner.runner;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.contracts.RunnerContract.Env;
import dev.mcpspawner.contracts.SessionDirPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a runner needs: the stdio server to start, how to serve it, and how to stop it. Built
 * in code (tests, the local mode) or read from the session pod's environment with {@link
 * #fromEnv()}, under the names {@link RunnerContract} declares.
 */
public final class RunnerConfig {
  static final String DEFAULT_TERMINATION_LOG = RunnerContract.TERMINATION_LOG;

  private final List<String> command;
  private final Map<String, String> env;
  private final boolean inheritEnvironment;
  private final Path workdir;
  private final String bindAddress;
  private final int port;
  private final String token;
  private final String sessionId;
  private final Path sessionDir;
  private final SessionDirPolicy sessionDirPolicy;
  private final Duration shutdownGrace;
  private final Duration handshakeTimeout;
  private final Duration inputTimeout;
  private final Path terminationLog;
  private final boolean terminationLogMustExist;
  private final long maxBodyBytes;
  private final int maxConnections;
  private final int replayBufferEvents;
  private final boolean issueSessionId;
  private final PrintStream serverLog;

  private RunnerConfig(Builder b) {
    if (b.command.isEmpty()) {
      throw new IllegalArgumentException("no server command");
    }
    this.command = List.copyOf(b.command);
    this.env = Map.copyOf(b.env);
    this.inheritEnvironment = b.inheritEnvironment;
    this.workdir = b.workdir;
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.token = b.token;
    this.sessionId = b.sessionId;
    this.sessionDir = b.sessionDir;
    this.sessionDirPolicy = b.sessionDirPolicy;
    this.shutdownGrace = b.shutdownGrace;
    this.handshakeTimeout = b.handshakeTimeout;
    this.inputTimeout = b.inputTimeout;
    this.terminationLog = b.terminationLog;
    this.terminationLogMustExist = b.terminationLogMustExist;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxConnections = b.maxConnections;
    this.replayBufferEvents = b.replayBufferEvents;
    this.issueSessionId = b.issueSessionId;
    this.serverLog = b.serverLog;
  }

  /** A runner for {@code command args...}, on an ephemeral loopback port, without a token. */
  public static Builder builder(String command, String... args) {
    Builder b = new Builder();
    b.command.add(command);
    b.command.addAll(List.of(args));
    return b;
  }

  /**
   * The session pod's runner: the server's command from the runner's arguments (the container's
   * {@code args}), everything else from the environment ({@link RunnerContract.Env}).
   */
  public static RunnerConfig fromEnv(List<String> serverCommand) {
    return fromEnv(System.getenv(), serverCommand);
  }

  /**
   * Reads {@link RunnerContract#RUNNER_ENV} from {@code env} (unset or blank: the default; a
   * malformed value fails naming its variable) and starts {@code serverCommand}.
   */
  static RunnerConfig fromEnv(Map<String, String> env, List<String> serverCommand) {
    if (serverCommand.isEmpty() || serverCommand.get(0).isBlank()) {
      throw new IllegalArgumentException(
          "no server command: pass it as the runner's arguments (the container's args)");
    }
    Builder b = builder(serverCommand.get(0)).args(serverCommand.subList(1, serverCommand.size()));
    b.bindAddress(Env.BIND_ADDRESS.from(env));
    b.port(Env.PORT.from(env));
    b.workdir(Env.WORKDIR.from(env));
    Path tokenFile = Env.TOKEN_FILE.from(env);
    boolean allowUnauthenticated = Env.ALLOW_UNAUTHENTICATED.from(env);
    if (Files.isReadable(tokenFile)) {
      try {
        b.token(Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the bearer token " + tokenFile, e);
      }
    } else if (!allowUnauthenticated) {
      throw new IllegalArgumentException(
          "no bearer token at "
              + tokenFile
              + " (set "
              + Env.ALLOW_UNAUTHENTICATED.name()
              + "=true to run without one)");
    }
    b.sessionId(Env.SESSION_ID.from(env));
    Path sessionDir = Env.SESSION_DIR.from(env);
    SessionDirPolicy policy = Env.SESSION_DIR_POLICY.from(env);
    if (sessionDir != null) {
      b.sessionDir(sessionDir, policy);
    }
    b.shutdownGrace(Duration.ofSeconds(Env.SHUTDOWN_GRACE_SECONDS.from(env)));
    b.handshakeTimeout(Duration.ofSeconds(Env.HANDSHAKE_TIMEOUT_SECONDS.from(env)));
    b.inputTimeout(Duration.ofSeconds(Env.INPUT_TIMEOUT_SECONDS.from(env)));
    b.maxBodyBytes(Env.MAX_BODY_BYTES.from(env));
    b.maxConnections(Env.MAX_CONNECTIONS.from(env));
    b.issueSessionId(Env.ISSUE_SESSION_ID.from(env));
    Path terminationLog = Env.TERMINATION_LOG.from(env);
    if (terminationLog != null) {
      b.terminationLog(terminationLog);
    } else {
      // Kubernetes mounts this file; elsewhere (the local mode) it does not exist and stays so.
      b.terminationLog = Path.of(DEFAULT_TERMINATION_LOG);
      b.terminationLogMustExist = true;
    }
    return b.build();
  }

  public List<String> command() {
    return command;
  }

  public Map<String, String> env() {
    return env;
  }

  public boolean inheritEnvironment() {
    return inheritEnvironment;
  }

  public Path workdir() {
    return workdir;
  }

  public String bindAddress() {
    return bindAddress;
  }

  public int port() {
    return port;
  }

  /** The bearer token required on {@code /mcp}; null when none is required. */
  public String token() {
    return token;
  }

  public String sessionId() {
    return sessionId;
  }

  public Path sessionDir() {
    return sessionDir;
  }

  public SessionDirPolicy sessionDirPolicy() {
    return sessionDirPolicy;
  }

  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  public Duration inputTimeout() {
    return inputTimeout;
  }

  public Path terminationLog() {
    return terminationLog;
  }

  boolean terminationLogMustExist() {
    return terminationLogMustExist;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public int replayBufferEvents() {
    return replayBufferEvents;
  }

  public boolean issueSessionId() {
    return issueSessionId;
  }

  PrintStream serverLog() {
    return serverLog;
  }

  /** No environment: the options' defaults. */
  private static final Map<String, String> NONE = Map.of();

  /**
   * Builds a {@link RunnerConfig}; defaults are the options' except where an in-process runner in a
   * test wants otherwise (loopback, any free port, no token).
   */
  public static final class Builder {
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private boolean inheritEnvironment = true;
    private Path workdir;
    private String bindAddress = "127.0.0.1";
    private int port;
    private String token;
    private String sessionId;
    private Path sessionDir;
    private SessionDirPolicy sessionDirPolicy = SessionDirPolicy.KEEP;
    private Duration shutdownGrace = Duration.ofSeconds(Env.SHUTDOWN_GRACE_SECONDS.from(NONE));
    private Duration handshakeTimeout =
        Duration.ofSeconds(Env.HANDSHAKE_TIMEOUT_SECONDS.from(NONE));
    private Duration inputTimeout = Duration.ofSeconds(Env.INPUT_TIMEOUT_SECONDS.from(NONE));
    private Path terminationLog;
    private boolean terminationLogMustExist;
    private long maxBodyBytes = Env.MAX_BODY_BYTES.from(NONE);
    private int maxConnections = Env.MAX_CONNECTIONS.from(NONE);
    private int replayBufferEvents = 512;
    private boolean issueSessionId;
    private PrintStream serverLog = System.err;

    private Builder() {}

    public Builder args(List<String> args) {
      command.addAll(args);
      return this;
    }

    /** Sets one variable of the server's environment. */
    public Builder env(String name, String value) {
      env.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
      return this;
    }

    public Builder env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    /**
     * Whether the server starts from the runner's environment (minus MCP_RUNNER_*); default true.
     */
    public Builder inheritEnvironment(boolean inherit) {
      this.inheritEnvironment = inherit;
      return this;
    }

    public Builder workdir(Path workdir) {
      this.workdir = workdir;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /** 0 (the default) picks a free port; see {@link Runner#port()}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The bearer token {@code /mcp} requires; null (the default) requires none. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** A directory created at start and, with {@link SessionDirPolicy#DELETE}, removed at exit. */
    public Builder sessionDir(Path dir, SessionDirPolicy policy) {
      this.sessionDir = dir;
      this.sessionDirPolicy = Objects.requireNonNull(policy);
      return this;
    }

    /** Between EOF and SIGTERM, and between SIGTERM and SIGKILL; also the drain limit. */
    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    /** How long the server may take to answer initialize before the runner gives up on it. */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    /**
     * How long a stateless call answered {@code input_required} waits for its client's retry before
     * it is cancelled at the server; other calls that may ask for input wait behind it.
     */
    public Builder inputTimeout(Duration timeout) {
      this.inputTimeout = timeout;
      return this;
    }

    /** Where the server's stderr tail goes when it exits; null (the default) writes nothing. */
    public Builder terminationLog(Path file) {
      this.terminationLog = file;
      this.terminationLogMustExist = false;
      return this;
    }

    /** Larger request bodies get HTTP 413. */
    public Builder maxBodyBytes(long bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * More open HTTP connections than this get 503 and are closed at once: each one is a thread.
     * The gateway keeps a handful per session; the rest of the default is headroom for probes.
     */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1: " + max);
      }
      this.maxConnections = max;
      return this;
    }

    /** Events kept per stream for {@code Last-Event-ID} replay. */
    public Builder replayBufferEvents(int events) {
      this.replayBufferEvents = events;
      return this;
    }

    /** Issue an {@code Mcp-Session-Id} on initialize (direct use only; the gateway has its own). */
    public Builder issueSessionId(boolean issue) {
      this.issueSessionId = issue;
      return this;
    }

    /** Where the server's stderr is copied (the pod log); default the runner's stderr. */
    public Builder serverLog(PrintStream log) {
      this.serverLog = log;
      return this;
    }

    public RunnerConfig build() {
      return new RunnerConfig(this);
    }
  }
}
