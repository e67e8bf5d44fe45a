package dev.mcpspawner.runner.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpspawner.runner.jsonrpc.JsonRpc;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stdio MCP server: one child process spoken to in newline-delimited JSON-RPC. Reads stdout on
 * its own thread, copies stderr to the pod log and keeps its tail, and stops it gracefully.
 */
public final class StdioServerProcess {
  private static final System.Logger LOG = System.getLogger(StdioServerProcess.class.getName());

  /** Where the server's messages go. Called on the stdout reader thread, in order. */
  public interface MessageListener {
    void onMessage(JsonNode message);
  }

  private final Process process;
  private final OutputStream stdin;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final StderrTail stderrTail;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private volatile boolean stdinClosed;

  private StdioServerProcess(Process process, StderrTail stderrTail) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.stderrTail = stderrTail;
  }

  /**
   * Starts the server. The child's environment is the runner's minus {@code excludedEnvPrefix}
   * variables (when {@code inherit}), plus {@code env}.
   */
  public static StdioServerProcess start(
      List<String> command,
      Path workdir,
      boolean inheritEnvironment,
      String excludedEnvPrefix,
      Map<String, String> env,
      StderrTail stderrTail,
      PrintStream podLog,
      MessageListener listener)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (workdir != null) {
      builder.directory(workdir.toFile());
    }
    Map<String, String> childEnv = builder.environment();
    if (!inheritEnvironment) {
      childEnv.clear();
    }
    childEnv.keySet().removeIf(name -> name.startsWith(excludedEnvPrefix));
    childEnv.putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    builder.redirectError(ProcessBuilder.Redirect.PIPE);
    StdioServerProcess server = new StdioServerProcess(builder.start(), stderrTail);
    server.startReaders(listener, podLog);
    return server;
  }

  private void startReaders(MessageListener listener, PrintStream podLog) {
    Thread stderr =
        Thread.ofPlatform()
            .daemon()
            .name("server-stderr")
            .start(
                () -> {
                  try {
                    LineSplitter.split(
                        process.getErrorStream(),
                        (buf, off, len) -> {
                          stderrTail.add(buf, off, len);
                          synchronized (podLog) {
                            podLog.write(buf, off, len);
                            podLog.write('\n');
                            podLog.flush();
                          }
                        });
                  } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "stderr closed", e);
                  }
                });
    Thread.ofPlatform()
        .daemon()
        .name("server-stdout")
        .start(
            () -> {
              try {
                LineSplitter.split(
                    process.getInputStream(), (buf, off, len) -> dispatch(listener, buf, off, len));
              } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "stdout closed", e);
              }
              int code = waitForExit();
              try {
                stderr.join(
                    Duration.ofSeconds(2)); // the tail must be complete before anyone reads it
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              exit.complete(code);
            });
  }

  private static void dispatch(MessageListener listener, byte[] buf, int off, int len) {
    if (isBlank(buf, off, len)) {
      return;
    }
    JsonNode message;
    try {
      message = JsonRpc.parse(buf, off, len);
    } catch (IOException e) {
      // Some servers print banners on stdout; that is the server's bug, not a reason to stop.
      LOG.log(
          System.Logger.Level.WARNING,
          "ignoring non-JSON line on the server's stdout: {0}",
          new String(buf, off, Math.min(len, 200), StandardCharsets.UTF_8));
      return;
    }
    try {
      listener.onMessage(message);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "failed to route a server message", e);
    }
  }

  private static boolean isBlank(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (buf[i] != ' ' && buf[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private int waitForExit() {
    while (true) {
      try {
        return process.waitFor();
      } catch (InterruptedException e) {
        // keep waiting: the exit code is what the operator reports
      }
    }
  }

  /** Writes one message as one line. Safe to call from many threads. */
  public void send(JsonNode message) throws IOException {
    send(JsonRpc.bytes(message));
  }

  public void send(byte[] json) throws IOException {
    writeLock.lock();
    try {
      if (stdinClosed) {
        throw new IOException("the server's stdin is closed");
      }
      stdin.write(json);
      stdin.write('\n');
      stdin.flush();
    } finally {
      writeLock.unlock();
    }
  }

  /** Completes with the exit code once the process has exited and its output is drained. */
  public CompletableFuture<Integer> exit() {
    return exit;
  }

  public long pid() {
    return process.pid();
  }

  public StderrTail stderrTail() {
    return stderrTail;
  }

  /** EOF on stdin, then SIGTERM after {@code grace}, then SIGKILL after another {@code grace}. */
  public int stop(Duration grace) {
    closeStdin();
    if (awaitExit(grace)) {
      return exit.join();
    }
    LOG.log(System.Logger.Level.INFO, "server still running {0} after EOF; sending SIGTERM", grace);
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (awaitExit(grace)) {
      return exit.join();
    }
    LOG.log(System.Logger.Level.WARNING, "server ignored SIGTERM; sending SIGKILL");
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
    return exit.getNow(waitForExit());
  }

  private boolean awaitExit(Duration timeout) {
    try {
      exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return exit.isDone();
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  public void closeStdin() {
    writeLock.lock();
    try {
      if (!stdinClosed) {
        stdinClosed = true;
        stdin.close();
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing stdin", e);
    } finally {
      writeLock.unlock();
    }
  }
}
