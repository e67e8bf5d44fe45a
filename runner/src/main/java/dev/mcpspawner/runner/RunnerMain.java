package dev.mcpspawner.runner;

import java.time.Duration;
import java.time.Instant;

/** The session pod's entrypoint: configuration from the environment, exit code from the server. */
public final class RunnerMain {
  private RunnerMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format",
          "%1$tFT%1$tT.%1$tLZ %4$s [runner] %5$s%6$s%n");
    }
    System.Logger log = System.getLogger(RunnerMain.class.getName());
    RunnerConfig config;
    try {
      config = RunnerConfig.fromEnv();
    } catch (IllegalArgumentException e) {
      log.log(System.Logger.Level.ERROR, "invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runner runner = Runner.start(config);
    Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    log.log(
        System.Logger.Level.INFO,
        "listening on :{0} {1} ms after JVM start; server: {2}",
        String.valueOf(runner.port()),
        Duration.between(jvmStart, Instant.now()).toMillis(),
        String.join(" ", config.command()));
    runner
        .exited()
        .thenRun(() -> {})
        .isDone(); // keep the reference; readiness is logged by the handshake
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (!runner.exited().isDone()) {
                    // SIGTERM: drain, stop the server, and exit with its code, not 143.
                    runner.close();
                    System.err.flush();
                    Runtime.getRuntime().halt(runner.exited().getNow(143));
                  }
                },
                "shutdown"));
    int code = runner.awaitExit();
    System.exit(code);
  }
}
