package dev.mcpspawner.runner.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into newline-terminated lines of any length. Works on bytes so a
 * multi-megabyte JSON line is never decoded to a String before it is parsed.
 */
final class LineSplitter {
  /** Receives one line without its terminator; the array is reused after the call returns. */
  interface LineConsumer {
    void line(byte[] buffer, int offset, int length);
  }

  private static final int READ_CHUNK = 8192;

  private LineSplitter() {}

  static void split(InputStream in, LineConsumer consumer) throws IOException {
    byte[] buf = new byte[64 * 1024];
    int start = 0;
    int end = 0;
    int scan = 0;
    while (true) {
      if (end == buf.length) {
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          scan -= start;
          start = 0;
        } else {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
      }
      // At most 8 KiB a read: a pipe read of more makes the JDK malloc and free a native buffer.
      int n = in.read(buf, end, Math.min(buf.length - end, READ_CHUNK));
      if (n < 0) {
        if (end > start) {
          emit(buf, start, end, consumer);
        }
        return;
      }
      end += n;
      for (int i = scan; i < end; i++) {
        if (buf[i] == '\n') {
          emit(buf, start, i, consumer);
          start = i + 1;
        }
      }
      scan = end;
      if (start == end) {
        start = end = scan = 0;
        if (buf.length > 1024 * 1024) {
          buf = new byte[64 * 1024]; // don't hold on to the memory of one huge line
        }
      }
    }
  }

  private static void emit(byte[] buf, int from, int to, LineConsumer consumer) {
    if (to > from && buf[to - 1] == '\r') {
      to--;
    }
    consumer.line(buf, from, to - from);
  }
}
