package dev.mcpspawner.local.kubelet;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's AOT cache (JEP 483/514/515) for local mode's session JVMs: built once per JDK, JVM
 * flags and runner class path by a training run of the runner ({@code
 * dev.mcpspawner.runner.training.TrainingRun}), in the background, into a directory that outlives
 * local mode. Until it is there, runners start without it; a session never waits for it.
 */
public final class RunnerAotCache {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerAotCache.class);
  static final String TRAINING_MAIN = "dev.mcpspawner.runner.training.TrainingRun";
  private static final long TRAINING_TIMEOUT_SECONDS = 180;
  // One builder per cache file in this JVM; the file lock keeps other processes out.
  private static final Map<Path, Object> BUILDERS = new ConcurrentHashMap<>();

  private final Path dir;
  private final String java;
  private final List<String> flags;
  private final List<String> classPath;
  private final Path file;
  private volatile CompletableFuture<Optional<Path>> build;
  private volatile Process training;

  /**
   * @param flags the runners' JVM flags, which the cache must be trained with
   */
  RunnerAotCache(Path dir, String java, List<String> flags, List<String> classPath) {
    this.dir = dir.toAbsolutePath();
    this.java = java;
    this.flags = List.copyOf(flags);
    this.classPath = List.copyOf(classPath);
    this.file = this.dir.resolve("runner-" + key() + ".aot");
  }

  /** AOT caches made by a training run in one go ({@code -XX:AOTCacheOutput}) came with JDK 25. */
  static boolean supported() {
    return Runtime.version().feature() >= 25;
  }

  /** Where the cache is (or will be). */
  public Path file() {
    return file;
  }

  /** The cache, once it has been built. */
  public Optional<Path> ready() {
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * Builds the cache unless it is there, on a thread of its own (once; later calls return the same
   * future). Completes with the cache, or empty if it could not be built (logged).
   */
  public synchronized CompletableFuture<Optional<Path>> buildInBackground() {
    if (build == null) {
      CompletableFuture<Optional<Path>> future = new CompletableFuture<>();
      build = future;
      Thread.ofPlatform()
          .daemon()
          .name("runner-aot-cache")
          .start(
              () -> {
                try {
                  future.complete(build());
                } catch (RuntimeException e) {
                  LOG.warn("runner AOT cache not built", e);
                  future.complete(Optional.empty());
                }
              });
    }
    return build;
  }

  /** Stops a training run under way (local mode is closing); the cache is built another time. */
  public void close() {
    Process p = training;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  private Optional<Path> build() {
    if (ready().isPresent()) {
      return ready();
    }
    List<String> directories =
        classPath.stream().filter(e -> Files.isDirectory(Path.of(e))).toList();
    if (!directories.isEmpty()) {
      // The JVM caches classes from jars only, and refuses to train with a non-empty directory.
      LOG.info("runners start without an AOT cache: runner classes in {}", directories);
      return Optional.empty();
    }
    synchronized (BUILDERS.computeIfAbsent(file, f -> new Object())) {
      try {
        Files.createDirectories(dir);
        try (FileChannel channel =
                FileChannel.open(
                    dir.resolve("build.lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.lock()) {
          if (ready().isPresent()) {
            return ready(); // another local mode built it while we waited
          }
          return train();
        }
      } catch (IOException e) {
        LOG.warn("runner AOT cache not built: {}", e.toString());
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private Optional<Path> train() throws IOException, InterruptedException {
    Path partial = dir.resolve(file.getFileName() + ".partial");
    Path log = dir.resolve("training.log");
    Files.deleteIfExists(partial);
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(flags);
    cmd.add("-XX:AOTCacheOutput=" + partial);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classPath));
    cmd.add(TRAINING_MAIN);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    // The environment a session's runner gets (see LocalContainer): no JAVA_TOOL_OPTIONS & co.
    Map<String, String> env = pb.environment();
    String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.clear();
    env.put("PATH", path);
    env.put("LANG", "C.UTF-8");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process p = pb.start();
    training = p;
    try {
      if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        LOG.warn("runner AOT training run did not finish; see {}", log);
        return Optional.empty();
      }
    } finally {
      training = null;
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(partial)) {
      LOG.warn("runner AOT training run failed (exit {}); see {}", p.exitValue(), log);
      Files.deleteIfExists(partial);
      return Optional.empty();
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    removeOthers();
    LOG.info(
        "runner AOT cache built in {} ms: {}", (System.nanoTime() - started) / 1_000_000, file);
    return Optional.of(file);
  }

  /** Caches of other JDKs or runner builds: runners still using one keep their mapping. */
  private void removeOthers() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path other : files.toList()) {
        String name = other.getFileName().toString();
        if (name.startsWith("runner-") && !other.equals(file)) {
          Files.deleteIfExists(other);
        }
      }
    }
  }

  /** The JDK, the flags and every class path entry's size and time: what the cache depends on. */
  private String key() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      StringBuilder text = new StringBuilder();
      text.append(java).append('\n').append(Runtime.version()).append('\n');
      flags.forEach(f -> text.append(f).append('\n'));
      for (String entry : classPath) {
        Path p = Path.of(entry);
        text.append(entry).append('\n');
        if (Files.isRegularFile(p)) {
          text.append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p)).append('\n');
        }
      }
      byte[] hash = digest.digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
