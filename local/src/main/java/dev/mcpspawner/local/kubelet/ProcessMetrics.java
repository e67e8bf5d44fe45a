package dev.mcpspawner.local.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Local mode's metrics API: what metrics-server does in a cluster, from {@code /proc}. Each running
 * pod's processes (the runner and everything it started: the MCP server) are read together and
 * written to the embedded API as the pod's {@code metrics.k8s.io/v1beta1} PodMetrics, so the
 * gateway reads actual usage the one way it does everywhere. CPU is the rate of the processes' user
 * and system time ({@code utime + stime}, with that of their children already waited for) over the
 * interval since the last sample (the first one: since the process started); memory is their
 * resident set ({@code VmRSS}) together. Where there is no {@code /proc} nothing is written and the
 * admin views leave the figures out, as without metrics-server.
 */
final class ProcessMetrics {
  /** How often each pod is sampled; metrics-server's default resolution is 15 s. */
  static final Duration PERIOD = Duration.ofSeconds(5);

  /** The unit of the times in {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
  static final long TICKS_PER_SECOND = 100;

  private final KubernetesClient client;
  private final String namespace;
  private final Path proc;
  private final Map<String, Sample> previous = new ConcurrentHashMap<>();

  /** CPU time of a pod's processes at a moment. */
  private record Sample(Instant at, long ticks) {}

  /** What a pod's processes used: CPU time in ticks, and their resident set in bytes. */
  record Reading(long ticks, long residentBytes) {}

  ProcessMetrics(KubernetesClient client, String namespace, Path proc) {
    this.client = client;
    this.namespace = namespace;
    this.proc = proc;
  }

  /**
   * Reads the pod's processes and writes its PodMetrics; nothing when they cannot be read, or the
   * pod's process has ended. One at a time with {@link #forget}, so a sample taken as the pod ends
   * is not written after its metrics were deleted.
   */
  synchronized void sample(String pod, String container, ProcessHandle root) {
    Instant now = Instant.now();
    Optional<Reading> read = read(proc, root);
    if (read.isEmpty()) {
      return;
    }
    Sample before = previous.get(pod);
    Instant since =
        before != null ? before.at() : root.info().startInstant().orElse(now.minus(PERIOD));
    long ticks = read.get().ticks() - (before != null ? before.ticks() : 0);
    Duration window = Duration.between(since, now);
    if (window.compareTo(Duration.ofMillis(1)) < 0) {
      window = Duration.ofMillis(1);
    }
    double cores = (Math.max(0, ticks) / (double) TICKS_PER_SECOND) / (window.toNanos() / 1e9);
    long nanocores = Math.round(cores * 1e9);
    previous.put(pod, new Sample(now, read.get().ticks()));
    if (!root.isAlive()) {
      return; // ended meanwhile: forget follows, or has already deleted the metrics
    }
    PodMetrics metrics =
        new PodMetricsBuilder()
            .withNewMetadata()
            .withName(pod)
            .withNamespace(namespace)
            .endMetadata()
            .withTimestamp(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
            .withWindow(new io.fabric8.kubernetes.api.model.Duration(window))
            .addNewContainer()
            .withName(container)
            .addToUsage("cpu", new Quantity(nanocores + "n"))
            .addToUsage("memory", new Quantity((read.get().residentBytes() / 1024) + "Ki"))
            .endContainer()
            .build();
    try {
      client.resource(metrics).createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      // the API is closing, or the pod is gone meanwhile: the next sample (or none) follows
    }
  }

  /** The pod ended: its metrics go with it. */
  synchronized void forget(String pod) {
    previous.remove(pod);
    try {
      client.resources(PodMetrics.class).inNamespace(namespace).withName(pod).delete();
    } catch (KubernetesClientException e) {
      // the API is closing: it is gone with it
    }
  }

  /** CPU time and resident set of {@code root} and its descendants; empty without /proc. */
  static Optional<Reading> read(Path proc, ProcessHandle root) {
    long ticks = 0;
    long resident = 0;
    boolean any = false;
    for (ProcessHandle p :
        (Iterable<ProcessHandle>) Stream.concat(Stream.of(root), root.descendants())::iterator) {
      Optional<long[]> one = readOne(proc, p.pid());
      if (one.isPresent()) {
        any = true;
        ticks += one.get()[0];
        resident += one.get()[1];
      }
    }
    return any ? Optional.of(new Reading(ticks, resident)) : Optional.empty();
  }

  /** One process: {utime + stime + cutime + cstime, VmRSS in bytes}; empty once it is gone. */
  private static Optional<long[]> readOne(Path proc, long pid) {
    try {
      String stat = Files.readString(proc.resolve(Long.toString(pid)).resolve("stat"));
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last
      // ')'. Fields 14-17 (utime, stime, cutime, cstime) are then at 11-14.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
      long ticks = 0;
      for (int i = 11; i <= 14; i++) {
        ticks += Long.parseLong(fields[i]);
      }
      long resident = 0;
      List<String> status = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"));
      for (String line : status) {
        if (line.startsWith("VmRSS:")) {
          resident = Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
        }
      }
      return Optional.of(new long[] {ticks, resident});
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // exited meanwhile, or no /proc here
    }
  }
}
