package dev.mcpspawner.runner.training;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path a runner needs, taken from a process that holds the runner among other things
 * (local mode): the entries the runner and each of its dependencies were loaded from, in that
 * order. An AOT cache is only valid for the class path it was trained with, so the runner's own
 * class path keeps the cache independent of what else the host process carries.
 */
public final class RunnerClassPath {
  /** One class of the runner and of each of its runtime dependencies (see the runner's pom). */
  static final List<String> ROOTS =
      List.of(
          "dev.mcpspawner.runner.RunnerMain",
          "dev.mcpspawner.contracts.RunnerContract",
          "com.fasterxml.jackson.databind.ObjectMapper",
          "com.fasterxml.jackson.core.JsonFactory",
          "com.fasterxml.jackson.annotation.JsonProperty",
          "org.eclipse.jetty.http.HttpParser",
          "org.eclipse.jetty.io.ByteBufferPool",
          "org.eclipse.jetty.util.BufferUtil",
          "org.slf4j.LoggerFactory");

  /**
   * The runner's SLF4J provider, NOP, where the host has it. Not the host's own: logback without
   * the host's configuration would log Jetty at DEBUG.
   */
  static final List<String> OPTIONAL_ROOTS = List.of("org.slf4j.nop.NOPServiceProvider");

  private RunnerClassPath() {}

  /**
   * The runner's class path entries in this JVM, absolute.
   *
   * @throws IllegalStateException if a class of the runner is not on this JVM's class path
   */
  public static List<Path> entries() {
    Set<Path> entries = new LinkedHashSet<>();
    for (String root : ROOTS) {
      entries.add(
          locate(root)
              .orElseThrow(() -> new IllegalStateException(root + " is not on the class path")));
    }
    for (String root : OPTIONAL_ROOTS) {
      locate(root).ifPresent(entries::add);
    }
    return new ArrayList<>(entries);
  }

  private static java.util.Optional<Path> locate(String className) {
    try {
      Class<?> type = Class.forName(className, false, RunnerClassPath.class.getClassLoader());
      CodeSource source = type.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (ClassNotFoundException e) {
      return java.util.Optional.empty();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
