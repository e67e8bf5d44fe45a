package dev.mcpspawner.local.kubelet;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.mcpspawner.crds.McpSpawner;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet for local mode: runs each session pod of the namespace as a local process on a
 * loopback address of its own, and reports what a node would (IP, readiness from the pod's own
 * probe, the container's exit code and termination message). A deleted pod's process is stopped as
 * a node would stop it: SIGTERM, then SIGKILL after the pod's grace period.
 */
public final class ProcessKubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessKubelet.class);
  private static final Duration PROBE_PERIOD = Duration.ofMillis(25);
  private static final Duration SECRET_WAIT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_BYTES = 2048;

  private final KubernetesClient client;
  private final String namespace;
  private final Path podsDir;
  private final Path homesDir;
  private final ContainerCommand image;
  private final LoopbackAddresses addresses;
  private final Map<String, PodProcess> running = new ConcurrentHashMap<>();
  private final Set<String> done = ConcurrentHashMap.newKeySet();
  private final Map<String, PodTimeline> timelines = new ConcurrentHashMap<>();
  private final Set<String> hostPaths = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ProcessMetrics metrics;
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> Thread.ofPlatform().daemon().name("kubelet-metrics").unstarted(runnable));
  private SharedIndexInformer<Pod> informer;
  private volatile boolean closed;
  // If the JVM exits without close() (System.exit, a test runner giving up), no process stays.
  // When a graceful close() is under way (Ctrl-C in local mode), it is given time to finish first.
  private final CountDownLatch closing = new CountDownLatch(1);
  private final CountDownLatch closeDone = new CountDownLatch(1);
  private final Thread killOnExit =
      new Thread(
          () -> {
            try {
              // Shutdown hooks start together: give local mode's own a moment to begin closing.
              if (closing.await(1, TimeUnit.SECONDS)) {
                closeDone.await(30, TimeUnit.SECONDS);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            running.values().forEach(PodProcess::kill);
          },
          "kubelet-exit");

  /**
   * @param dataDir pods' directories go to {@code pods/}, users' homes to {@code homes/}
   */
  public ProcessKubelet(
      KubernetesClient client,
      String namespace,
      Path dataDir,
      ContainerCommand image,
      LoopbackAddresses addresses) {
    this.client = client;
    this.namespace = namespace;
    this.podsDir = dataDir.resolve("pods");
    this.homesDir = dataDir.resolve("homes");
    this.image = image;
    this.addresses = addresses;
    this.metrics = new ProcessMetrics(client, namespace, Path.of("/proc"));
  }

  /** Starts watching; scratch directories of an earlier run's pods are removed first. */
  public ProcessKubelet start() {
    deleteTree(podsDir);
    Runtime.getRuntime().addShutdownHook(killOnExit);
    informer =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    consider(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    consider(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    deleted(pod);
                  }
                },
                0);
    long period = ProcessMetrics.PERIOD.toMillis();
    sampler.scheduleWithFixedDelay(this::sampleUsage, period, period, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Local mode's metrics API: every {@link ProcessMetrics#PERIOD}, each running pod's processes are
   * sampled into its PodMetrics, until the kubelet closes. A failed sample is logged and the next
   * one is taken on time (an exception would otherwise end the schedule).
   */
  private void sampleUsage() {
    for (PodProcess p : running.values()) {
      Process proc = p.process;
      if (!closed && !p.deleted && proc != null && proc.isAlive() && p.container != null) {
        try {
          metrics.sample(p.pod, p.container, proc.toHandle());
        } catch (RuntimeException e) {
          LOG.warn("could not sample the processes of pod {}: {}", p.pod, e.toString());
        }
      }
    }
  }

  /**
   * Declares files of this machine that pods name (the catalog's executables and scripts), so they
   * are never taken for in-pod paths: a repository checked out under /tmp is not the pod's /tmp.
   */
  public void keepHostPath(String path) {
    hostPaths.add(path);
  }

  /** Processes currently running, by pod name. */
  public Set<String> runningPods() {
    Set<String> names = ConcurrentHashMap.newKeySet();
    running.values().forEach(p -> names.add(p.pod));
    return names;
  }

  /** The pid of the pod's process (the runner), if it runs. */
  public java.util.Optional<ProcessHandle> process(String podName) {
    return running.values().stream()
        .filter(p -> p.pod.equals(podName) && p.process != null)
        .map(p -> p.process.toHandle())
        .findFirst();
  }

  public PodTimeline timeline(String podName) {
    return timelines.get(podName);
  }

  private void consider(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (closed || pod.getMetadata().getDeletionTimestamp() != null || done.contains(uid)) {
      return;
    }
    PodProcess p = new PodProcess(pod.getMetadata().getName(), uid);
    if (running.putIfAbsent(uid, p) == null) {
      timelines.put(p.pod, new PodTimeline(System.nanoTime(), 0, 0));
      threads.execute(() -> run(pod, p));
    }
  }

  private void deleted(Pod pod) {
    String uid = pod.getMetadata().getUid();
    done.remove(uid);
    timelines.remove(pod.getMetadata().getName());
    PodProcess p = running.get(uid);
    if (p != null) {
      p.deleted = true;
      long grace =
          pod.getSpec().getTerminationGracePeriodSeconds() == null
              ? 30
              : pod.getSpec().getTerminationGracePeriodSeconds();
      threads.execute(() -> p.stop(Duration.ofSeconds(grace)));
    }
  }

  private void run(Pod pod, PodProcess p) {
    Container container = pod.getSpec().getContainers().get(0);
    int port = containerPort(container);
    String ip = addresses.acquire(port);
    Path podDir = podsDir.resolve(p.pod + "-" + p.uid.substring(Math.max(0, p.uid.length() - 8)));
    Instant started = Instant.now();
    try {
      LocalContainer c =
          LocalContainer.prepare(
              pod, container, ip, podDir, homesDir, image, hostPaths, this::secret);
      ProcessBuilder builder =
          new ProcessBuilder(c.command)
              .directory(c.workdir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(c.log.toFile()));
      builder.environment().clear();
      builder.environment().putAll(c.env);
      synchronized (p) {
        if (p.deleted || closed) {
          return;
        }
        p.process = builder.start();
      }
      timelines.computeIfPresent(
          p.pod, (k, t) -> new PodTimeline(t.seenNanos(), System.nanoTime(), 0));
      writeStatus(p, s -> PodStatuses.running(container.getName(), ip, false, started));
      if (awaitReady(p, ip, port, container)) {
        timelines.computeIfPresent(
            p.pod, (k, t) -> new PodTimeline(t.seenNanos(), t.startedNanos(), System.nanoTime()));
        writeStatus(p, s -> PodStatuses.running(container.getName(), ip, true, started));
        LOG.info("pod {} ready at {}:{}", p.pod, ip, port);
        p.container = container.getName();
        metrics.sample(p.pod, p.container, p.process.toHandle()); // the first one at once
      }
      int code = p.process.waitFor();
      if (!p.deleted && !closed) {
        String message = terminationMessage(c, code);
        LOG.info("pod {} exited with code {}", p.pod, code);
        writeStatus(p, s -> PodStatuses.terminated(s, container.getName(), code, message, started));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("pod {} could not start: {}", p.pod, e.toString());
      if (!p.deleted && !closed) {
        writeStatus(
            p, s -> PodStatuses.terminated(s, container.getName(), 128, e.getMessage(), started));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (p.process != null) {
        p.process.descendants().forEach(ProcessHandle::destroyForcibly);
      }
      addresses.release(ip);
      if (p.container != null && !closed) {
        metrics.forget(p.pod);
      }
      boolean gone = p.deleted || closed;
      if (!gone) {
        done.add(p.uid); // before leaving running: restartPolicy Never, never run it again
      }
      running.remove(p.uid);
      if (gone) {
        deleteTree(podDir);
      }
    }
  }

  private boolean awaitReady(PodProcess p, String ip, int port, Container container)
      throws InterruptedException {
    var probe = container.getReadinessProbe();
    String path = probe != null && probe.getHttpGet() != null ? probe.getHttpGet().getPath() : null;
    URI uri = path == null ? null : URI.create("http://" + ip + ":" + port + path);
    while (p.process.isAlive() && !p.deleted && !closed) {
      if (uri == null ? tcpOpen(ip, port) : httpOk(uri)) {
        return true;
      }
      Thread.sleep(PROBE_PERIOD);
    }
    return false;
  }

  private boolean httpOk(URI uri) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() >= 200 && r.statusCode() < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean tcpOpen(String ip, int port) {
    try (var socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(ip, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The termination log, or with FallbackToLogsOnError the tail of the log on a failure. */
  private static String terminationMessage(LocalContainer c, int code) {
    try {
      if (Files.exists(c.terminationLog) && Files.size(c.terminationLog) > 0) {
        return Files.readString(c.terminationLog, StandardCharsets.UTF_8);
      }
      if (code != 0 && Files.exists(c.log)) {
        byte[] all = Files.readAllBytes(c.log);
        int from = Math.max(0, all.length - LOG_TAIL_BYTES);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      LOG.debug("no termination message", e);
    }
    return null;
  }

  /** A Secret the pod refers to: awaited when needed, else as it is now (null: not there). */
  private io.fabric8.kubernetes.api.model.Secret secret(String name, boolean needed) {
    return needed
        ? awaitSecret(name)
        : client.secrets().inNamespace(namespace).withName(name).get();
  }

  /** The pod's Secret once it exists (the operator creates it beside the pod), or null. */
  private io.fabric8.kubernetes.api.model.Secret awaitSecret(String name) {
    try {
      return client
          .secrets()
          .inNamespace(namespace)
          .withName(name)
          .waitUntilCondition(
              secret -> secret != null || closed, SECRET_WAIT.toMillis(), MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      return null;
    }
  }

  private void writeStatus(PodProcess p, UnaryOperator<PodStatus> change) {
    for (int attempt = 0; attempt < 20 && !p.deleted; attempt++) {
      Pod pod = client.pods().inNamespace(namespace).withName(p.pod).get();
      if (pod == null || !p.uid.equals(pod.getMetadata().getUid())) {
        return;
      }
      pod.setStatus(change.apply(pod.getStatus()));
      try {
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return;
        }
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  private static int containerPort(Container c) {
    return c.getPorts().isEmpty() ? 8080 : c.getPorts().get(0).getContainerPort();
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.debug("could not remove {}", dir, e);
    }
  }

  /**
   * Announces a graceful {@link #close} that other components' shutdown comes before, so that a JVM
   * exit in the meantime waits for it instead of killing the processes.
   */
  public void closing() {
    closing.countDown();
  }

  /** Stops every process (SIGTERM, then SIGKILL after {@code grace}) and the informer. */
  public void close(Duration grace) {
    closing.countDown();
    closed = true;
    sampler.shutdownNow();
    if (informer != null) {
      informer.close();
    }
    List<PodProcess> all = new ArrayList<>(running.values());
    all.forEach(p -> threads.execute(() -> p.stop(grace)));
    threads.shutdown();
    try {
      threads.awaitTermination(grace.toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    all.forEach(PodProcess::kill);
    threads.shutdownNow();
    closeDone.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already exiting: the hook runs anyway
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** One pod's process and what became of it. */
  private static final class PodProcess {
    final String pod;
    final String uid;
    volatile Process process;
    volatile boolean deleted;

    /** The container's name, once it is ready (and so sampled). */
    volatile String container;

    PodProcess(String pod, String uid) {
      this.pod = pod;
      this.uid = uid;
    }

    void stop(Duration grace) {
      Process proc;
      synchronized (this) {
        deleted = true;
        proc = process;
      }
      if (proc == null) {
        return;
      }
      proc.destroy();
      try {
        if (!proc.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }

    void kill() {
      Process proc = process;
      if (proc != null) {
        proc.descendants().forEach(ProcessHandle::destroyForcibly);
        proc.destroyForcibly();
      }
    }
  }
}
