package dev.mcpspawner.runner;

/** The session pod's entrypoint: configuration from the environment, exit code from the server. */
public final class RunnerMain {
  private RunnerMain() {}

  /** Keeps log handlers through JVM shutdown, so the drain after SIGTERM is still logged. */
  public static final class ShutdownLogManager extends java.util.logging.LogManager {
    private static volatile boolean configured;

    @Override
    public void reset() {
      if (!configured) {
        super.reset();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    long mainStarted = System.nanoTime();
    System.Logger log = configureLogging();
    RunnerConfig config;
    try {
      config = RunnerConfig.fromEnv(java.util.List.of(args));
    } catch (IllegalArgumentException e) {
      log.log(System.Logger.Level.ERROR, "invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runner runner = serve(config, mainStarted);
    int code = runner.awaitExit();
    System.exit(code);
  }

  /** The runner's logging: one line per message on stderr, kept through shutdown. */
  public static System.Logger configureLogging() {
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
    }
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty(
          "java.util.logging.SimpleFormatter.format",
          "%1$tFT%1$tT.%1$tLZ %4$s [runner] %5$s%6$s%n");
    }
    System.Logger log = System.getLogger(RunnerMain.class.getName());
    ShutdownLogManager.configured = true;
    return log;
  }

  /**
   * Starts the runner, says where it listens, and makes SIGTERM drain it.
   *
   * @param mainStarted {@link System#nanoTime()} when main began
   */
  public static Runner serve(RunnerConfig config, long mainStarted) throws java.io.IOException {
    Runner runner = Runner.start(config);
    System.getLogger(RunnerMain.class.getName())
        .log(
            System.Logger.Level.INFO,
            "listening on :{0}, {1} ms after main(); server: {2}",
            String.valueOf(runner.port()),
            String.valueOf((System.nanoTime() - mainStarted) / 1_000_000),
            String.join(" ", config.command()));
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
    return runner;
  }
}
