package dev.mcpspawner.runner.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerClassPathTest {
  @TempDir Path tmp;

  @Test
  void theRunnersClassPathIsItsOwnClassesAndEveryRuntimeDependencyOfItsPom() throws Exception {
    Path file = Path.of(System.getProperty("runner.runtime.classpath.file"));
    List<Path> dependencies =
        Arrays.stream(Files.readString(file).strip().split(File.pathSeparator))
            .map(e -> Path.of(e).toAbsolutePath())
            .toList();

    List<Path> entries = RunnerClassPath.entries();

    assertThat(entries.get(0)).isEqualTo(Path.of("target/classes").toAbsolutePath());
    assertThat(entries.subList(1, entries.size()))
        .containsExactlyInAnyOrderElementsOf(dependencies);
  }

  @Test
  void theTrainingRunStartsARunnerInFrontOfItsServerCallsItAndExitsZero() throws Exception {
    Process training =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                String.join(
                    File.pathSeparator,
                    RunnerClassPath.entries().stream().map(Path::toString).toList()),
                TrainingRun.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("training.log").toFile())
            .start();
    assertThat(training.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(tmp.resolve("training.log"));
    assertThat(training.exitValue()).as(log).isZero();
    assertThat(log).contains("MCP server training ready").doesNotContain("training run failed");
  }
}
