package dev.mcpspawner.runner.relay;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stream of server messages for the client: the answer stream of one POST, or the GET stream.
 * Keeps its recent events so a client that reconnects with {@code Last-Event-ID} gets what it
 * missed. Publishers never block on the client: a handler thread drains the stream at its pace.
 */
public final class EventStream {
  /** One message of stream {@code streamId}. */
  public record Event(long seq, long streamId, byte[] data, boolean response) {
    /** The SSE event id: {@code <stream>-<seq>}. */
    public String id() {
      return streamId + "-" + seq;
    }
  }

  /** Returned by {@link #next} when nothing arrived within the wait: time for a keep-alive. */
  public static final Event IDLE = new Event(-1, -1, new byte[0], false);

  /** Replay keeps at most this much data per stream (beyond the newest event). */
  static final long REPLAY_BYTES = 8L * 1024 * 1024;

  private final long streamId;
  private final int replayLimit;
  private long bytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long nextSeq = 1;
  private long deliveredSeq;
  private int expectedResponses;
  private boolean done;
  private long subscriber;

  EventStream(long streamId, int expectedResponses, int replayLimit) {
    this.streamId = streamId;
    this.expectedResponses = expectedResponses;
    this.replayLimit = replayLimit;
  }

  public long streamId() {
    return streamId;
  }

  /**
   * Adds a message and returns its sequence number (-1 when the stream is done). A stream is done
   * once it carried every response it was opened for.
   */
  public long publish(byte[] data, boolean response) {
    lock.lock();
    try {
      if (done) {
        return -1;
      }
      long seq = nextSeq++;
      events.addLast(new Event(seq, streamId, data, response));
      bytes += data.length;
      while (events.size() > replayLimit || (bytes > REPLAY_BYTES && events.size() > 1)) {
        bytes -= events.removeFirst().data().length;
      }
      if (response && --expectedResponses == 0) {
        done = true;
      }
      changed.signalAll();
      return seq;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the stream (server gone, runner stopping): subscribers return once drained. */
  public void close() {
    lock.lock();
    try {
      done = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Data held for replay. */
  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  public boolean isDone() {
    lock.lock();
    try {
      return done;
    } finally {
      lock.unlock();
    }
  }

  /** Makes the caller the only subscriber; an earlier one sees {@code null} from {@link #next}. */
  public long subscribe() {
    lock.lock();
    try {
      subscriber++;
      changed.signalAll();
      return subscriber;
    } finally {
      lock.unlock();
    }
  }

  /** Where a new subscriber without {@code Last-Event-ID} starts: after what was delivered. */
  public long deliveredSeq() {
    lock.lock();
    try {
      return deliveredSeq;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The first event after {@code afterSeq}; {@link #IDLE} when none came within {@code
   * timeoutMillis}; {@code null} when the stream is done and drained, or another subscriber took
   * over.
   */
  public Event next(long afterSeq, long subscription, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    try {
      while (true) {
        if (subscription != subscriber) {
          return null;
        }
        for (Event event : events) {
          if (event.seq() > afterSeq) {
            deliveredSeq = Math.max(deliveredSeq, event.seq());
            return event;
          }
        }
        if (done) {
          return null;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return IDLE;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }
}
