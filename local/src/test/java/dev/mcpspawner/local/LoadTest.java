package dev.mcpspawner.local;

import static dev.mcpspawner.testing.MemoryGraph.entities;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.local.testing.E2e;
import dev.mcpspawner.local.testing.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 3: 10 users with 2 instances each write to their memory graphs concurrently for a
 * bounded time ({@code -De2e.load.seconds}, default 60). No call fails, and every session reads
 * back exactly what it wrote itself.
 */
class LoadTest {
  private static final int USERS = 10;
  private static final int INSTANCES = 2;
  private static final Duration LOAD = Duration.ofSeconds(Long.getLong("e2e.load.seconds", 60));
  private static final List<String> USER_IDS =
      IntStream.range(0, USERS).mapToObj(i -> "load-user-" + i + "@example.com").toList();
  @RegisterExtension static final E2e e2e = E2e.of(USER_IDS);

  @Test
  void twentySessionsUnderLoadAnswerOnlyWithWhatTheyWroteThemselves() throws Exception {
    List<Future<Writer>> starting = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int u = 0; u < USERS; u++) {
        for (int i = 0; i < INSTANCES; i++) {
          String user = USER_IDS.get(u);
          String prefix = "u" + u + "-i" + i;
          starting.add(
              pool.submit(() -> new Writer(e2e.connect(user, "memory"), prefix, 5, 100_000)));
        }
      }
    }
    List<Writer> writers = new ArrayList<>();
    for (Future<Writer> f : starting) {
      writers.add(f.get());
    }
    Thread.sleep(LOAD.toMillis());
    for (Writer w : writers) {
      w.close();
    }

    int writes = 0;
    for (Writer w : writers) {
      assertThat(w.failures()).as(w.prefix()).isEmpty();
      assertThat(w.acknowledged()).as(w.prefix()).isNotEmpty();
      List<String> graph = entities(w.client());
      assertThat(graph).as(w.prefix()).containsExactlyInAnyOrderElementsOf(w.acknowledged());
      writes += w.acknowledged().size();
    }
    assertThat(e2e.sessions()).hasSize(USERS * INSTANCES);
    System.out.printf(
        "load: %d sessions, %d acknowledged writes in %d s (each verified every 5 writes)%n",
        writers.size(), writes, LOAD.toSeconds());
  }
}
