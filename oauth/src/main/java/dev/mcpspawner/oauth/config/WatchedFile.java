package dev.mcpspawner.oauth.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a mounted file says, read again when it changes: a Secret's key mounted into the pod is a
 * symlink that the kubelet swaps to a new directory on update, so its real path, modification time
 * and size are compared, with one {@code stat} at most once per {@code checkEvery}, on the caller's
 * thread. A new version that does not parse is logged and the version read last stays in force.
 *
 * @param <T> what the file is read into
 */
public final class WatchedFile<T> {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);

  private record Version(Path realPath, FileTime modified, long size) {}

  private final Path file;
  private final String what;
  private final Function<Path, T> reader;
  private final long checkEveryNanos;
  private final LongSupplier nanoTime;
  private volatile T value;
  private volatile Version version;
  private volatile long nextCheck;

  /**
   * Reads the file once now (failing if it cannot be read: a gateway must not start without it).
   *
   * @param what what the file holds, for the log ("API keys", "local users")
   */
  public WatchedFile(
      Path file,
      String what,
      Function<Path, T> reader,
      Duration checkEvery,
      LongSupplier nanoTime) {
    this.file = file;
    this.what = what;
    this.reader = reader;
    this.checkEveryNanos = checkEvery.toNanos();
    this.nanoTime = nanoTime;
    this.version = versionOf(file);
    this.value = reader.apply(file);
    this.nextCheck = nanoTime.getAsLong() + checkEveryNanos;
  }

  /** The file's content as last read, after reading it again if it changed. */
  public T current() {
    long now = nanoTime.getAsLong();
    if (now - nextCheck < 0) {
      return value;
    }
    synchronized (this) {
      if (now - nextCheck >= 0) {
        nextCheck = now + checkEveryNanos;
        reloadIfChanged();
      }
    }
    return value;
  }

  private void reloadIfChanged() {
    try {
      Version seen = versionOf(file);
      if (Objects.equals(seen, version)) {
        return;
      }
      value = reader.apply(file);
      version = seen;
      LOG.info("{} reloaded from {}", what, file);
    } catch (RuntimeException e) {
      LOG.error("{} file {} could not be read again; what was read before stays", what, file, e);
    }
  }

  private Version versionOf(Path file) {
    try {
      Path real = file.toRealPath();
      return new Version(real, Files.getLastModifiedTime(real), Files.size(real));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " file " + file, e);
    }
  }
}
