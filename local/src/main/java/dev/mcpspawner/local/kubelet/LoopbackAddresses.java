package dev.mcpspawner.local.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Pod IPs for local mode. Every session pod serves on the runner's fixed port (8080), as in a
 * cluster, so each needs an address of its own; on Linux all of 127.0.0.0/8 reaches loopback
 * without configuration, and the operator and gateway then work unchanged.
 *
 * <p>An address is handed out while the runner has not bound it yet (a JVM starts in hundreds of
 * milliseconds), so "bindable now" alone does not reserve it: another local mode on the same
 * machine (a second user, a test suite next to a running one) would see the same address free, both
 * runners would start on it, one would fail to bind and exit, and its pod's readiness probe would
 * be answered by the other's runner, whose gateway then talks to a stranger's sandbox (401,
 * "Session not found", pods exiting code 1 right after becoming ready). Each address held here is
 * therefore also reserved machine-wide, by an exclusive lock on a file named after it in {@code
 * lockDir}, held until {@link #release}; the operating system drops the locks of a process that
 * dies, so a crashed local mode reserves nothing.
 */
public final class LoopbackAddresses {
  private static final int CAPACITY = 250 * 250;
  private static final Path DEFAULT_LOCK_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "mcp-spawner-loopback");
  private final String prefix;
  private final Path lockDir;
  private final Map<Integer, FileLock> held = new HashMap<>();
  private int next;

  /**
   * @param secondOctet picks the 127.N.0.0/16 block the pods get addresses from
   */
  public LoopbackAddresses(int secondOctet) {
    this(secondOctet, DEFAULT_LOCK_DIR);
  }

  /**
   * @param lockDir where the machine-wide reservations are kept; every local mode that shares a
   *     block must use the same directory
   */
  public LoopbackAddresses(int secondOctet, Path lockDir) {
    this.prefix = "127." + secondOctet + ".";
    this.lockDir = lockDir;
  }

  /**
   * A free address on which {@code port} can be bound right now, reserved against every other local
   * mode on this machine until {@link #release}.
   */
  public synchronized String acquire(int port) {
    try {
      Files.createDirectories(lockDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + lockDir, e);
    }
    for (int tried = 0; tried < CAPACITY; tried++) {
      int n = next;
      next = (next + 1) % CAPACITY;
      if (held.containsKey(n)) {
        continue;
      }
      String ip = prefix + (n / 250) + "." + (n % 250 + 2);
      FileLock lock = reserve(ip, port);
      if (lock == null) {
        continue; // another local mode holds it
      }
      if (bindable(ip, port)) {
        held.put(n, lock);
        return ip;
      }
      unlock(lock); // something else listens there
    }
    throw new IllegalStateException("no free loopback address for port " + port);
  }

  public synchronized void release(String ip) {
    String[] parts = ip.split("\\.");
    FileLock lock = held.remove(Integer.parseInt(parts[2]) * 250 + Integer.parseInt(parts[3]) - 2);
    if (lock != null) {
      unlock(lock);
    }
  }

  /** The machine-wide reservation of {@code ip:port}, or null when someone else holds it. */
  private FileLock reserve(String ip, int port) {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              lockDir.resolve(ip + "-" + port + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
      }
      return lock;
    } catch (OverlappingFileLockException e) {
      // held by another local mode in this JVM
      closeQuietly(channel);
      return null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot reserve " + ip + ":" + port + " in " + lockDir, e);
    }
  }

  private static void unlock(FileLock lock) {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel below drops the lock all the same
    }
    closeQuietly(lock.channel());
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing held any more
    }
  }

  private static boolean bindable(String ip, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
