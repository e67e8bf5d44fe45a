package dev.mcpspawner.local.kubelet;

import dev.mcpspawner.runner.training.RunnerClassPath;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What local mode runs for a container that names no command: the runner image's entrypoint, the
 * runner, as a JVM on the runner's part of this process's class path, with the runner's AOT cache
 * once it is built.
 */
public final class ContainerCommand {
  static final String RUNNER_MAIN = "dev.mcpspawner.runner.RunnerMain";

  /**
   * One session's relay: a small heap and a fast start more than peak JIT, as in the image. The
   * heap starts at 8 MB and gives back what a burst of calls grew it by (idle RSS 98 -> 73 MB after
   * 200 calls, runner CPU the same within noise; docs/benchmarks/clients.md).
   */
  static final List<String> RUNNER_FLAGS =
      List.of(
          "-Xss512k",
          "-Xms8m",
          "-Xmn4m",
          "-Xmx96m",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=20",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1");

  private final List<String> flags;
  private final List<String> classPath;
  private final RunnerAotCache cache;

  private ContainerCommand(List<String> flags, List<String> classPath, RunnerAotCache cache) {
    this.flags = List.copyOf(flags);
    this.classPath = List.copyOf(classPath);
    this.cache = cache;
  }

  /**
   * {@code java -cp <our whole class path> RunnerMain}: for JDKs without AOT caches (before 25).
   */
  public static ContainerCommand runnerFromClassPath() {
    // Absolute: the process runs in the pod's working directory.
    List<String> classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .toList();
    return new ContainerCommand(RUNNER_FLAGS, classPath, null);
  }

  /**
   * On JDK 25 and later, the runner on its own class path with an AOT cache in {@code cacheDir}
   * (built by {@link RunnerAotCache#buildInBackground()}); before 25, {@link
   * #runnerFromClassPath()}.
   */
  public static ContainerCommand runnerWithAotCache(Path cacheDir) {
    if (!RunnerAotCache.supported()) {
      return runnerFromClassPath();
    }
    List<String> classPath =
        RunnerClassPath.entries().stream().map(Path::toString).collect(Collectors.toList());
    List<String> flags = new ArrayList<>(RUNNER_FLAGS);
    // The runner's class path carries no SLF4J provider of its own here: no warning about it.
    flags.add("-Dslf4j.internal.verbosity=ERROR");
    return new ContainerCommand(
        flags, classPath, new RunnerAotCache(cacheDir, javaBinary(), flags, classPath));
  }

  /** The cache runners start with, if this command has one. */
  public java.util.Optional<RunnerAotCache> aotCache() {
    return java.util.Optional.ofNullable(cache);
  }

  /** The command line for a container starting now: with the AOT cache if it is ready. */
  public List<String> entrypoint() {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(flags);
    java.util.Optional<Path> ready = cache == null ? java.util.Optional.empty() : cache.ready();
    if (ready.isPresent()) {
      // AOTMode=auto is -Xshare:auto for AOT caches (which exclude -Xshare): a cache the JVM
      // cannot use (truncated, another JDK, other flags, a changed jar) is reported and ignored.
      cmd.add("-XX:AOTMode=auto");
      cmd.add("-XX:AOTCache=" + ready.get());
    } else {
      cmd.add("-Xshare:auto");
    }
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classPath));
    cmd.add(RUNNER_MAIN);
    return List.copyOf(cmd);
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
