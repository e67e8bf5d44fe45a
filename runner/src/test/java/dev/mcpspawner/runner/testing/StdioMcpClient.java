package dev.mcpspawner.runner.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A client on a stdio MCP server's own stdin and stdout, the way a desktop client runs a server
 * locally: newline-delimited JSON-RPC, no bridge. The floor the benchmarks compare bridges with.
 */
public final class StdioMcpClient implements AutoCloseable {
  private final Process process;
  private final OutputStream in;
  private final BufferedReader out;

  private StdioMcpClient(Process process) {
    this.process = process;
    this.in = process.getOutputStream();
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code command} (its stderr discarded), sends {@code initialize} (with id 0), waits for
   * its answer and sends {@code initialized}.
   */
  public static StdioMcpClient start(List<String> command, String initialize, String initialized)
      throws IOException {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    StdioMcpClient client = new StdioMcpClient(process);
    try {
      client.send(initialize);
      client.await(0);
      client.send(initialized);
      return client;
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Writes one message as one line. */
  public void send(String message) throws IOException {
    in.write((message + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /**
   * Reads lines until the answer with this id (skipping notifications and log lines); returns it.
   */
  public String await(int id) throws IOException {
    String inside = "\"id\":" + id + ",";
    String last = "\"id\":" + id + "}";
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.contains(inside) || line.endsWith(last)) {
        return line;
      }
    }
    throw new IOException("the server closed stdout");
  }

  public ProcessHandle process() {
    return process.toHandle();
  }

  @Override
  public void close() {
    process.destroy();
  }
}
