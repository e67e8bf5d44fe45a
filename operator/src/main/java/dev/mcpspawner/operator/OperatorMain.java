package dev.mcpspawner.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator process: configuration from the environment, the in-cluster client, run. */
public final class OperatorMain {
  private static final Logger log = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    OperatorConfig config = OperatorConfig.fromEnv();
    KubernetesClient client = new KubernetesClientBuilder().build();
    SpawnerOperator operator =
        new SpawnerOperator(
            client,
            config,
            Clock.systemUTC(),
            () -> {
              log.error("lost the leader lease to another replica; exiting");
              Runtime.getRuntime().halt(1);
            });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping");
                  operator.stop();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    operator.start();
    log.info(
        "started; namespaces={} leaderElection={} http={}",
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.leaderElection(),
        config.httpPort());
    stopped.await();
  }
}
