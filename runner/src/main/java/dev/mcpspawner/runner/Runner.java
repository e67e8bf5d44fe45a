package dev.mcpspawner.runner;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.contracts.SessionDirPolicy;
import dev.mcpspawner.runner.handshake.ServerHandshake;
import dev.mcpspawner.runner.http.BearerToken;
import dev.mcpspawner.runner.http.ConnectionLimits;
import dev.mcpspawner.runner.http.HealthEndpoints;
import dev.mcpspawner.runner.http.McpEndpoint;
import dev.mcpspawner.runner.http.PlainHttpServer;
import dev.mcpspawner.runner.process.StderrTail;
import dev.mcpspawner.runner.process.StdioServerProcess;
import dev.mcpspawner.runner.relay.Relay;
import dev.mcpspawner.runner.roots.SandboxRoots;
import dev.mcpspawner.runner.stateless.StatelessBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One MCP session: a stdio MCP server served as Streamable HTTP on {@code /mcp}, with {@code
 * /healthz} and {@code /readyz}. The session pod's entrypoint ({@link RunnerMain}) and, in process,
 * what the gateway's tests talk to.
 */
public final class Runner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Runner.class.getName());
  private static final int TERMINATION_MESSAGE_CHARS = 3500; // Kubernetes keeps 4096 bytes

  private final RunnerConfig config;
  private final Relay relay;
  private final ServerHandshake handshake;
  private final StatelessBridge stateless;
  private final Map<String, com.sun.net.httpserver.HttpHandler> routes;
  private PlainHttpServer http;
  private final CompletableFuture<Integer> exited = new CompletableFuture<>();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile StdioServerProcess server;
  private volatile boolean serverAlive;

  private Runner(RunnerConfig config) throws IOException {
    this.config = config;
    this.relay = new Relay(config.replayBufferEvents());
    this.handshake =
        new ServerHandshake(relay, "mcp-spawner-runner", version(), config.handshakeTimeout());
    this.stateless = new StatelessBridge(relay, handshake, config.inputTimeout());
    relay.serverRequestRouter(stateless);
    relay.statelessResults(stateless::shapeResult);
    relay.clientAnswerFilter(new SandboxRoots(sandboxDirs(config)));
    McpEndpoint mcp =
        new McpEndpoint(
            relay,
            handshake,
            stateless,
            config.token() == null ? null : new BearerToken(config.token()),
            config.maxBodyBytes(),
            config.issueSessionId() ? UUID.randomUUID().toString() : null,
            config.handshakeTimeout(),
            new McpEndpoint.Session() {
              @Override
              public boolean draining() {
                return closing.get();
              }

              @Override
              public void terminate() {
                Thread.ofVirtual().name("session-delete").start(Runner.this::close);
              }
            });
    this.routes =
        Map.of(
            RunnerContract.MCP_PATH, mcp,
            RunnerContract.HEALTH_PATH, HealthEndpoints.of(() -> serverAlive),
            RunnerContract.READY_PATH, HealthEndpoints.of(this::isReady));
  }

  /** Starts the server process and serves it; returns once the HTTP port is bound. */
  public static Runner start(RunnerConfig config) throws IOException {
    Runner runner = new Runner(config);
    runner.begin();
    return runner;
  }

  private void begin() throws IOException {
    if (config.sessionDir() != null) {
      Files.createDirectories(config.sessionDir());
    }
    server =
        StdioServerProcess.start(
            config.command(),
            config.workdir(),
            config.inheritEnvironment(),
            RunnerContract.ENV_PREFIX,
            config.env(),
            new StderrTail(64 * 1024),
            config.serverLog(),
            relay);
    serverAlive = true;
    relay.attach(server);
    // Bound after the server is attached: the first request starts the handshake through it.
    try {
      http =
          PlainHttpServer.start(
              config.bindAddress(),
              config.port(),
              routes,
              ConnectionLimits.DEFAULT.withMaxConnections(config.maxConnections()));
    } catch (IOException e) {
      server.stop(Duration.ZERO);
      throw e;
    }
    server
        .exit()
        .thenAcceptAsync(this::onServerExit, Thread.ofPlatform().name("server-exit")::start);
  }

  /**
   * The directories this session owns: its session and working directories and every directory its
   * command names ({@code {USER_DIR}}, {@code {SESSION_DIR}} and the like arrive substituted
   * there).
   */
  static List<Path> sandboxDirs(RunnerConfig config) {
    List<Path> dirs = new ArrayList<>();
    if (config.sessionDir() != null) {
      dirs.add(config.sessionDir());
    }
    if (config.workdir() != null) {
      dirs.add(config.workdir());
    }
    for (String arg : config.command().subList(1, config.command().size())) {
      int eq = arg.indexOf('=');
      String value = arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : arg;
      if (value.startsWith("/")) {
        Path path = Path.of(value);
        if (Files.isDirectory(path)) {
          dirs.add(path);
        }
      }
    }
    return dirs;
  }

  private static String version() {
    String v = Runner.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public int port() {
    return http.port();
  }

  /** {@code http://<bind address>:<port>/mcp}, with loopback for a wildcard bind. */
  public URI mcpUri() {
    String host = config.bindAddress();
    if ("0.0.0.0".equals(host) || "::".equals(host)) {
      host = "127.0.0.1";
    }
    return URI.create(
        "http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + port()
            + RunnerContract.MCP_PATH);
  }

  /**
   * The server runs, has not refused the runner's initialize, and the runner is not shutting down.
   * Initialize itself waits for the first client, whose capabilities it must carry.
   */
  public boolean isReady() {
    return !handshake.failed() && serverAlive && !closing.get();
  }

  /** Completes with the server's exit code once the runner has stopped. */
  public CompletableFuture<Integer> exited() {
    return exited;
  }

  /** Waits until the runner stops; returns the server's exit code. */
  public int awaitExit() {
    return exited.join();
  }

  /** Client requests the server has not answered yet (for tests and diagnostics). */
  public int inFlightRequests() {
    return relay.inFlight();
  }

  /**
   * Stateless calls waiting for their turn to reach the server behind one that may ask its client
   * for input (for tests and diagnostics).
   */
  public int callsAwaitingInputTurn() {
    return stateless.callsAwaitingTurn();
  }

  /** Open {@code subscriptions/listen} streams (for tests and diagnostics). */
  public int openSubscriptions() {
    return stateless.openSubscriptions();
  }

  /** The server process id while it runs (for tests and diagnostics). */
  public long serverPid() {
    return server.pid();
  }

  /**
   * Graceful stop: refuse new requests, let in-flight ones finish (up to the grace period), close
   * the server's stdin, then SIGTERM and SIGKILL after further grace periods. Idempotent.
   */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true) && !exited.isDone()) {
      LOG.log(
          System.Logger.Level.INFO,
          "stopping: draining {0} in-flight request(s)",
          relay.inFlight());
      long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
      while (relay.inFlight() > 0 && System.nanoTime() < deadline && serverAlive) {
        sleep(20);
      }
      server.stop(config.shutdownGrace());
    }
    try {
      exited.get(
          config.shutdownGrace().multipliedBy(3).plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "runner did not stop in time", e);
    }
  }

  private void onServerExit(int code) {
    serverAlive = false;
    boolean expected = closing.get();
    if (expected) {
      LOG.log(System.Logger.Level.INFO, "MCP server exited with code {0}", code);
    } else {
      LOG.log(System.Logger.Level.ERROR, "MCP server exited unexpectedly with code {0}", code);
    }
    relay.close("MCP server exited with code " + code);
    if (!expected || code != 0) {
      writeTerminationMessage(code);
    }
    // Give handlers a moment to write the errors the relay just delivered, then stop serving.
    http.stop(2);
    if (config.sessionDir() != null && config.sessionDirPolicy() == SessionDirPolicy.DELETE) {
      deleteRecursively(config.sessionDir());
    }
    exited.complete(code);
  }

  private void writeTerminationMessage(int code) {
    Path file = config.terminationLog();
    if (file == null || (config.terminationLogMustExist() && !Files.exists(file))) {
      return;
    }
    String tail = server.stderrTail().tail(TERMINATION_MESSAGE_CHARS);
    String message =
        tail.isEmpty()
            ? "MCP server exited with code " + code + " and wrote nothing to stderr\n"
            : tail;
    try {
      Files.writeString(file, message, StandardCharsets.UTF_8);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot write the termination message to " + file, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove the session directory " + dir, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted"));
    }
  }

  static Duration since(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}
