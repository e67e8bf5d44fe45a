package dev.mcpspawner.runner.training;

import dev.mcpspawner.contracts.McpHeaders;
import dev.mcpspawner.runner.Runner;
import dev.mcpspawner.runner.RunnerConfig;
import dev.mcpspawner.runner.RunnerMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The training run of the runner's AOT cache (JEP 483/514/515): started with {@code
 * -XX:AOTCacheOutput=<file>}, it goes the way a session's runner goes — logging set up, the stdio
 * server started, {@code /readyz}, {@code initialize}, tool calls over JSON and SSE — then stops
 * the runner and exits 0, which is when the JVM writes the cache. Exit code 1: the run failed and
 * its cache must not be used.
 */
public final class TrainingRun {
  private static final String TOKEN = "training";
  private static final int CALLS = 50;

  private TrainingRun() {}

  public static void main(String[] args) throws Exception {
    long mainStarted = System.nanoTime();
    RunnerMain.configureLogging();
    RunnerConfig config =
        RunnerConfig.builder(serverCommand().get(0))
            .args(serverCommand().subList(1, serverCommand().size()))
            .bindAddress("127.0.0.1")
            .port(0)
            .token(TOKEN)
            .shutdownGrace(Duration.ofSeconds(2))
            .handshakeTimeout(Duration.ofSeconds(60))
            .build();
    Runner runner = RunnerMain.serve(config, mainStarted);
    int code;
    try {
      exercise(runner.port());
      code = 0;
    } catch (IOException | RuntimeException e) {
      System.err.println("training run failed: " + e);
      code = 1;
    } finally {
      runner.close();
    }
    System.exit(code); // not halt: the JVM writes the AOT cache on its way out
  }

  /** This JVM's java, on this JVM's class path (which holds the server), C1 only. */
  private static List<String> serverCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-cp",
        System.getProperty("java.class.path"),
        TrainingServer.class.getName());
  }

  private static void exercise(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!request(port, "GET", "/readyz", null, null).startsWith("HTTP/1.1 200")) {
      if (System.nanoTime() > deadline) {
        throw new IOException("/readyz never answered 200");
      }
      Thread.sleep(20);
    }
    String init =
        expect(
            post(
                port,
                null,
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"training\",\"version\":\"1\"}}}"),
            "\"serverInfo\"");
    String session = header(init, McpHeaders.SESSION_ID);
    post(port, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    expect(
        post(
            port,
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}"),
        "\"echo\"");
    for (int i = 0; i < CALLS; i++) {
      expect(
          post(
              port,
              session,
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + (i + 2)
                  + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                  + "\"arguments\":{\"message\":\"call "
                  + i
                  + "\"}}}"),
          "call " + i);
    }
    expect(request(port, "GET", "/healthz", null, null), "ok");
  }

  private static String expect(String response, String needle) throws IOException {
    if (!response.startsWith("HTTP/1.1 200") || !response.contains(needle)) {
      throw new IOException("unexpected answer: " + response);
    }
    return response;
  }

  private static String header(String response, String name) {
    for (String line : response.split("\r\n")) {
      if (line.isEmpty()) {
        break;
      }
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).strip();
      }
    }
    return null;
  }

  /** A JSON-RPC message posted to the runner's MCP endpoint, in {@code session} (null: none). */
  private static String post(int port, String session, String body) throws IOException {
    return request(port, "POST", "/mcp", session, body);
  }

  /** One request on a connection of its own; the whole answer, head and body. */
  private static String request(int port, String method, String path, String session, String body)
      throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head =
          new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
      head.append("Connection: close\r\n");
      if (body != null) {
        head.append("Authorization: Bearer " + TOKEN + "\r\n");
        head.append("Accept: application/json, text/event-stream\r\n");
        head.append("Content-Type: application/json\r\n");
        head.append("MCP-Protocol-Version: 2025-11-25\r\n");
        head.append("Content-Length: " + content.length + "\r\n");
      }
      if (session != null) {
        head.append("Mcp-Session-Id: " + session + "\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
