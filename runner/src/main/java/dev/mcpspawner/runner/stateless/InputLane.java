package dev.mcpspawner.runner.stateless;

import dev.mcpspawner.runner.relay.EventStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Lets one call that may ask its client for input reach the stdio server at a time. A stdio server
 * does not say which call a {@code sampling/createMessage} or {@code elicitation/create} belongs to
 * (the SDKs keep the related request id in the transport, which for stdio drops it), so the bridge
 * can only tell when no other such call is running. A call holds the lane until the server has
 * answered it or given it up, or until it is parked on its client's retry and the server has caught
 * up; a retry takes the lane again.
 */
final class InputLane {
  private record Waiting(EventStream stream, Runnable start, Runnable skipped) {}

  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private boolean busy;

  /**
   * Runs {@code start} now if the lane is free, else once the calls before it have left. {@code
   * start} must make sure {@link #leave} is called once the call is over.
   */
  void enter(EventStream stream, Runnable start) {
    enter(stream, start, () -> {});
  }

  /**
   * As {@link #enter(EventStream, Runnable)}; {@code skipped} runs instead of {@code start} if the
   * client hangs up while the call waits.
   */
  void enter(EventStream stream, Runnable start, Runnable skipped) {
    List<Waiting> gone = new ArrayList<>();
    boolean now;
    synchronized (this) {
      // Calls whose clients hung up while they waited need not wait any more.
      waiting.removeIf(w -> w.stream().isDone() && gone.add(w));
      now = !busy;
      if (busy) {
        waiting.addLast(new Waiting(stream, start, skipped));
      }
      busy = true;
    }
    gone.forEach(w -> w.skipped().run());
    if (now) {
      start.run();
    }
  }

  /**
   * The call holding the lane is over: the next waiting call whose client is still there starts, on
   * a thread of its own (this is called from the thread that reads the server's output, which must
   * not block writing to the server).
   */
  void leave() {
    Waiting next;
    List<Waiting> gone = new ArrayList<>();
    synchronized (this) {
      next = null;
      for (Iterator<Waiting> it = waiting.iterator(); it.hasNext() && next == null; ) {
        Waiting w = it.next();
        it.remove();
        if (w.stream().isDone()) {
          gone.add(w);
        } else {
          next = w;
        }
      }
      if (next == null) {
        busy = false;
      }
    }
    Runnable start = next == null ? null : next.start();
    if (start == null && gone.isEmpty()) {
      return;
    }
    Thread.ofVirtual()
        .name("input-lane")
        .start(
            () -> {
              gone.forEach(w -> w.skipped().run());
              if (start != null) {
                start.run();
              }
            });
  }

  /** Calls waiting for the lane (for tests and diagnostics). */
  synchronized int waiting() {
    return waiting.size();
  }
}
