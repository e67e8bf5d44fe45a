package dev.mcpspawner.runner.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image's AOT cache (no Docker here to build it): the training RUN and the ENTRYPOINT use one
 * JVM flag list and one class path, name classes the runner has, and the jar the shade plugin
 * writes.
 */
class DockerfileTest {
  private static final String DOCKERFILE = readDockerfile();

  private static String readDockerfile() {
    try {
      return Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> training() {
    Matcher m = Pattern.compile("(?m)^RUN java (.*?)( &&.*)?$").matcher(DOCKERFILE);
    assertThat(m.find()).as("a RUN java … training step").isTrue();
    return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
  }

  private static List<String> entrypoint() {
    Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(DOCKERFILE);
    assertThat(m.find()).isTrue();
    List<String> words = new ArrayList<>();
    Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
    while (word.find()) {
      words.add(word.group(1));
    }
    return words.subList(1, words.size()); // without "java"
  }

  private static String after(List<String> args, String flag) {
    return args.get(args.indexOf(flag) + 1);
  }

  @Test
  void theTrainingRunWritesTheCacheTheEntrypointStartsWithOnTheSameFlagsAndClassPath() {
    List<String> training = training();
    List<String> entrypoint = entrypoint();
    String output =
        training.stream()
            .filter(a -> a.startsWith("-XX:AOTCacheOutput="))
            .findFirst()
            .orElseThrow();
    assertThat(entrypoint)
        .contains("-XX:AOTCache=" + output.substring(output.indexOf('=') + 1), "-XX:AOTMode=auto");
    assertThat(after(training, "-cp")).isEqualTo(after(entrypoint, "-cp"));
    List<String> jvmFlags =
        entrypoint.subList(0, entrypoint.indexOf("-cp")).stream()
            .filter(a -> !a.startsWith("-XX:AOT"))
            .toList();
    assertThat(
            training.subList(0, training.indexOf("-cp")).stream()
                .filter(a -> !a.startsWith("-XX:AOT")))
        .containsExactlyElementsOf(jvmFlags)
        .noneMatch(a -> a.startsWith("-Xshare"));
  }

  @Test
  void theImageNamesTheJarTheBuildWritesAndClassesTheRunnerHas() throws Exception {
    Class.forName(training().get(training().size() - 1));
    Class.forName(entrypoint().get(entrypoint().size() - 1));
    Matcher copy = Pattern.compile("(?m)^COPY (runner/target/\\S+) (\\S+)$").matcher(DOCKERFILE);
    assertThat(copy.find()).isTrue();
    assertThat(copy.group(2)).isEqualTo(after(entrypoint(), "-cp"));
    String jarName = Path.of(copy.group(1)).getFileName().toString();
    assertThat(Files.readString(Path.of("pom.xml")))
        .contains("<outputFile>${project.build.directory}/" + jarName + "</outputFile>");
  }
}
