package dev.mcpspawner.local.kubelet;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What local mode runs for a container that names no command: the runner image's entrypoint, the
 * runner, as a JVM on this process's own class path (which holds it).
 */
public record ContainerCommand(List<String> entrypoint) {

  /** {@code java -cp <our class path> RunnerMain}, with a small heap. */
  public static ContainerCommand runnerFromClassPath() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xss512k");
    cmd.add("-Xmx96m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    cmd.add("-cp");
    // Absolute: the process runs in the pod's working directory.
    cmd.add(
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator)));
    cmd.add("dev.mcpspawner.runner.RunnerMain");
    return new ContainerCommand(List.copyOf(cmd));
  }
}
