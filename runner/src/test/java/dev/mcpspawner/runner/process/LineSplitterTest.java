package dev.mcpspawner.runner.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private static List<String> split(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    LineSplitter.split(
        in, (buf, off, len) -> lines.add(new String(buf, off, len, StandardCharsets.UTF_8)));
    return lines;
  }

  /** Hands out at most {@code chunk} bytes per read, like a pipe under load. */
  private static InputStream trickle(String s, int chunk) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  @Test
  void linesSplitAcrossReadsAndCrlfAndAMissingFinalNewlineComeOutWhole() throws IOException {
    assertThat(split(trickle("{\"a\":1}\r\n{\"b\":\"é\"}\n\n{\"c\":3}", 3)))
        .containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "", "{\"c\":3}");
  }

  @Test
  void aLineOfTwelveMegabytesIsOneLine() throws IOException {
    String big = "{\"x\":\"" + "y".repeat(12 * 1024 * 1024) + "\"}";
    List<String> lines = split(trickle(big + "\n{\"after\":true}\n", 65_536));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(big.length()).endsWith("\"}");
    assertThat(lines.get(1)).isEqualTo("{\"after\":true}");
  }
}
