package dev.mcpspawner.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpspawner.local.catalog.NpmPackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the official clients' driver scripts ({@code src/test/fixtures/*.mjs}) with the
 * Node.js of {@code fixtures/npm}: it must exit 0 within its time, and its last output line is its
 * JSON report.
 */
public final class NodeScript {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeScript() {}

  /** Runs {@code src/test/fixtures/<script> args…} and returns its report. */
  public static JsonNode run(String script, Duration timeout, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(new NpmPackages(E2e.NPM).node());
    command.add(Path.of("src/test/fixtures", script).toAbsolutePath().toString());
    command.addAll(List.of(args));
    // Output to a file: a pipe nobody reads while the client runs could fill and stall it.
    Path log = Files.createTempFile(script.replace(".mjs", "") + "-", ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as(out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      String last = out.strip().lines().reduce((a, b) -> b).orElse("");
      return JSON.readTree(last);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }

  /**
   * Runs {@code src/test/fixtures/<script> <package dir> args…} for up to three minutes, the first
   * argument the directory of npm package {@code pkg} in {@code fixtures/npm} (the SDK or client
   * the script loads); its report.
   */
  public static JsonNode runWith(String pkg, String script, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add(E2e.NPM.resolve("node_modules").resolve(pkg).toString());
    all.addAll(List.of(args));
    return run(script, Duration.ofMinutes(3), all.toArray(String[]::new));
  }

  /** The values of a JSON array as text (strings as they are, anything else as JSON). */
  public static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.isTextual() ? n.asText() : n.toString()));
    return values;
  }
}
