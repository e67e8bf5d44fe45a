package dev.mcpspawner.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two local modes on one machine never hand out the same pod address while the first runner has not
 * bound it yet (the race behind pods that exit code 1 right after "ready", their probe answered by
 * another local mode's runner).
 */
class LoopbackAddressesTest {
  // A block no local mode uses by default, so a suite running next to this one is not disturbed.
  private static final int BLOCK = 211;
  private static final int PORT = 8080;

  @Test
  void twoLocalModesInOneJvmGetDistinctAddressesUntilOneReleases(@TempDir Path locks) {
    LoopbackAddresses a = new LoopbackAddresses(BLOCK, locks);
    LoopbackAddresses b = new LoopbackAddresses(BLOCK, locks);

    String first = a.acquire(PORT);
    String second = b.acquire(PORT);
    // Nothing is bound on either yet: only the reservation tells them apart.
    assertThat(first).isEqualTo("127.211.0.2");
    assertThat(second).isNotEqualTo(first);

    a.release(first);
    assertThat(new LoopbackAddresses(BLOCK, locks).acquire(PORT)).isEqualTo(first);
  }

  @Test
  void anAddressReservedByAnotherProcessIsSkipped(@TempDir Path locks) throws Exception {
    // Another process (as a second local mode would) holds the first address's reservation.
    Path holder = locks.resolve("Holder.java");
    Files.writeString(
        holder,
        """
        import java.nio.channels.FileChannel;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;
        public class Holder {
          public static void main(String[] args) throws Exception {
            try (FileChannel c = FileChannel.open(Path.of(args[0]),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
              if (c.tryLock() == null) { System.out.println("busy"); return; }
              System.out.println("locked");
              System.out.flush();
              System.in.read();
            }
          }
        }
        """);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                holder.toString(),
                locks.resolve("127.211.0.2-" + PORT + ".lock").toString())
            .redirectErrorStream(true)
            .start();
    try {
      var out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      String ip = new LoopbackAddresses(BLOCK, locks).acquire(PORT);
      assertThat(ip).isEqualTo("127.211.0.3");

      p.getOutputStream().close(); // the holder ends; the OS drops its lock
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(new LoopbackAddresses(BLOCK, locks).acquire(PORT)).isEqualTo("127.211.0.2");
    } finally {
      p.destroyForcibly();
    }
  }
}
