package dev.mcpspawner.local.testing;

import dev.mcpspawner.testing.MemoryGraph;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client writing numbered entities to its memory graph on a thread of its own until stopped,
 * remembering which writes were acknowledged and how many calls failed.
 */
public final class Writer implements AutoCloseable {
  private final McpSyncClient client;
  private final String prefix;
  private final List<String> acknowledged = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger crossTalk = new AtomicInteger();
  private final Thread thread;

  /**
   * @param verifyEvery read the whole graph back every this many writes and check it holds exactly
   *     this writer's acknowledged entities (0: never)
   */
  public Writer(McpSyncClient client, String prefix, int verifyEvery, int maxWrites) {
    this.client = client;
    this.prefix = prefix;
    this.thread =
        Thread.ofVirtual()
            .name("writer-" + prefix)
            .start(
                () -> {
                  for (int n = 0; n < maxWrites && !stop.get(); n++) {
                    String name = prefix + "-" + n;
                    try {
                      MemoryGraph.remember(client, name, "observation " + n + " of " + prefix);
                      acknowledged.add(name);
                      if (verifyEvery > 0 && n % verifyEvery == verifyEvery - 1) {
                        verify();
                      }
                    } catch (RuntimeException e) {
                      failures.add(e);
                      pause();
                    }
                  }
                });
  }

  private void verify() {
    List<String> seen = MemoryGraph.entities(client);
    if (!seen.stream().allMatch(e -> e.startsWith(prefix + "-"))
        || !seen.containsAll(acknowledged)) {
      crossTalk.incrementAndGet();
      failures.add(
          new AssertionError(prefix + " read back " + seen + ", acknowledged " + acknowledged));
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public McpSyncClient client() {
    return client;
  }

  public String prefix() {
    return prefix;
  }

  public List<String> acknowledged() {
    return acknowledged;
  }

  public List<Throwable> failures() {
    return failures;
  }

  public int crossTalk() {
    return crossTalk.get();
  }

  /** Stops after the write in progress and waits for it. */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(java.time.Duration.ofSeconds(90));
  }
}
