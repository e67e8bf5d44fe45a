package dev.mcpspawner.runner;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The real stdio MCP servers from {@code fixtures/npm} (found by the testing module's {@link
 * dev.mcpspawner.testing.Fixtures}) and clients for a runner in front.
 */
final class Fixtures {
  private Fixtures() {}

  static Path npm() {
    return dev.mcpspawner.testing.Fixtures.npm();
  }

  static Path fixtures() {
    return dev.mcpspawner.testing.Fixtures.dir();
  }

  static List<String> everythingServer() {
    return dev.mcpspawner.testing.Fixtures.everythingServer();
  }

  static List<String> memoryServer(Path file) {
    return dev.mcpspawner.testing.Fixtures.memoryServer();
  }

  static List<String> filesystemServer(Path root) {
    return dev.mcpspawner.testing.Fixtures.filesystemServer(root);
  }

  /**
   * A runner in front of {@code node} running a script under {@code fixtures/}, for a whole test
   * class ({@code @RegisterExtension static final}), closed after its last test.
   */
  static final class ClassRunner implements org.junit.jupiter.api.extension.AfterAllCallback {
    final Runner runner;
    final RawMcp raw;

    ClassRunner(String script) {
      try {
        runner =
            Runner.start(runnerFor(List.of("node", fixtures().resolve(script).toString())).build());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      raw = new RawMcp(runner, null);
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
      runner.close();
    }
  }

  static RunnerConfig.Builder runnerFor(List<String> command) {
    return RunnerConfig.builder(command.get(0))
        .args(command.subList(1, command.size()))
        .shutdownGrace(Duration.ofSeconds(3))
        .handshakeTimeout(Duration.ofSeconds(60));
  }

  static McpSyncClient client(
      Runner runner, UnaryOperator<McpClient.SyncSpec> customize, String token) {
    String base = "http://127.0.0.1:" + runner.port();
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder(base)
            .endpoint("/mcp")
            .openConnectionOnStartup(true)
            .maxResponseSize(64 * 1024 * 1024)
            .httpRequestCustomizer(
                (request, method, uri, body, context) -> {
                  if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                  }
                })
            .build();
    McpSyncClient client =
        customize.apply(McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))).build();
    client.initialize();
    return client;
  }
}
