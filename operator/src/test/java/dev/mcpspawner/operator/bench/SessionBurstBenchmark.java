package dev.mcpspawner.operator.bench;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.operator.OperatorConfig;
import dev.mcpspawner.operator.SpawnerOperator;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.MockApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Creates N McpSessions (default 1,000) in a burst against the mock API with the operator running
 * in-process and reports how long until every pod exists, the creation→pod-created latency of each
 * session (from the create call returning to a pod watch seeing the pod), and the heap after.
 *
 * <p>Run: see docs/benchmarks/operator.md. Arguments: [sessions] [creator threads].
 */
public final class SessionBurstBenchmark {
  private SessionBurstBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int creators = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    String ns = "bench";
    try (MockApi api = MockApi.start()) {
      KubernetesClient client = api.client();
      client.resource(Catalog.memory(ns)).create();
      KubernetesClient operatorClient = api.operatorClient();
      OperatorConfig config =
          OperatorConfig.defaults().toBuilder().namespaces(Set.of(ns)).httpPort(-1).build();
      SpawnerOperator operator =
          new SpawnerOperator(operatorClient, config, Clock.systemUTC()).start();

      Map<String, Long> created = new ConcurrentHashMap<>();
      Map<String, Long> podSeen = new ConcurrentHashMap<>();
      CountDownLatch allPods = new CountDownLatch(sessions);
      Watch watch =
          client
              .pods()
              .inNamespace(ns)
              .watch(
                  new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                      if (action == Action.ADDED
                          && podSeen.putIfAbsent(pod.getMetadata().getName(), System.nanoTime())
                              == null) {
                        allPods.countDown();
                      }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                  });

      List<McpSession> burst = new ArrayList<>(sessions);
      for (int i = 0; i < sessions; i++) {
        burst.add(
            Catalog.session(ns, Names.newSessionName(), "user-" + (i % 100), "memory", "bench"));
      }
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(creators);
      for (McpSession session : burst) {
        pool.submit(
            () -> {
              client.resource(session).create();
              created.put(session.getMetadata().getName(), System.nanoTime());
            });
      }
      pool.shutdown();
      pool.awaitTermination(5, TimeUnit.MINUTES);
      long createdAll = System.nanoTime();
      boolean done = allPods.await(5, TimeUnit.MINUTES);
      long end = System.nanoTime();
      watch.close();

      long[] latencies =
          created.entrySet().stream()
              .filter(e -> podSeen.containsKey(e.getKey()))
              .mapToLong(e -> Math.max(0, podSeen.get(e.getKey()) - e.getValue()))
              .sorted()
              .toArray();
      var reconciles =
          operator.registry().getMeters().stream()
              .filter(m -> m instanceof io.micrometer.core.instrument.Timer)
              .map(m -> (io.micrometer.core.instrument.Timer) m)
              .filter(t -> t.getId().getName().contains("reconcil") && t.count() > 0)
              .toList();
      Thread.sleep(2000); // the pods' events still reach the operator's informers
      System.gc();
      System.gc();
      long heapWithOperator = usedHeap();
      operator.stop();
      operator = null;
      Thread.sleep(2000); // let reconciles still in flight finish before their client goes
      operatorClient.close();
      System.gc();
      System.gc();
      long heapWithoutOperator = usedHeap();

      System.out.printf(
          "sessions                 %d (created by %d threads)%n", sessions, creators);
      System.out.printf("all created after        %d ms%n", ms(createdAll - start));
      System.out.printf(
          "all pods exist after     %s%n",
          done ? ms(end - start) + " ms" : "NOT ALL (" + podSeen.size() + " pods)");
      System.out.printf("creation->pod p50        %.1f ms%n", pct(latencies, 50));
      System.out.printf("creation->pod p99        %.1f ms%n", pct(latencies, 99));
      System.out.printf("creation->pod max        %.1f ms%n", pct(latencies, 100));
      System.out.printf(
          "heap after GC            %d MiB (mock API + operator + harness)%n",
          heapWithOperator >> 20);
      System.out.printf(
          "operator's share         %d MiB (heap drop when the operator stopped)%n",
          (heapWithOperator - heapWithoutOperator) >> 20);
      System.out.printf(
          "machine                  %d cores, %s %s, max heap %d MiB%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name"),
          System.getProperty("java.version"),
          Runtime.getRuntime().maxMemory() >> 20);
      for (var t : reconciles) {
        System.out.printf(
            "operator timer           %s %s: n=%d mean=%.1f ms max=%.1f ms%n",
            t.getId().getName(),
            t.getId().getTag("controller"),
            t.count(),
            t.mean(TimeUnit.MILLISECONDS),
            t.max(TimeUnit.MILLISECONDS));
      }
      if (!done) {
        System.exit(1);
      }
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long ms(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
