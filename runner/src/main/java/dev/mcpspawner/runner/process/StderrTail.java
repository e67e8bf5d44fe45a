package dev.mcpspawner.runner.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;

/** The last lines the server wrote to stderr, bounded in bytes, for the termination message. */
public final class StderrTail {
  private static final int MAX_LINE = 4096;

  private final int capacity;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private int size;

  public StderrTail(int capacityBytes) {
    this.capacity = capacityBytes;
  }

  public synchronized void add(byte[] buffer, int offset, int length) {
    String line =
        new String(buffer, offset, Math.min(length, MAX_LINE), StandardCharsets.UTF_8)
            + (length > MAX_LINE ? " …" : "");
    lines.addLast(line);
    size += line.length() + 1;
    while (size > capacity && lines.size() > 1) {
      size -= lines.removeFirst().length() + 1;
    }
  }

  /** The newest lines that fit in {@code maxChars}, oldest first. */
  public synchronized String tail(int maxChars) {
    StringBuilder out = new StringBuilder();
    int used = 0;
    ArrayDeque<String> picked = new ArrayDeque<>();
    for (Iterator<String> it = lines.descendingIterator(); it.hasNext(); ) {
      String line = it.next();
      if (used + line.length() + 1 > maxChars) {
        if (picked.isEmpty()) {
          picked.addFirst(line.substring(line.length() - Math.max(0, maxChars - 1)));
        }
        break;
      }
      picked.addFirst(line);
      used += line.length() + 1;
    }
    for (String line : picked) {
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
