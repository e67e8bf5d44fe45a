package dev.mcpspawner.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys file, read again when it changes: a key removed from its Secret stops working as
 * soon as the kubelet has updated the mounted file, without a restart. The file is looked at (one
 * {@code stat}) at most once per {@code checkEvery}, on the request path; a file that no longer
 * parses is logged and the keys read last stay in force.
 */
public final class ReloadingApiKeys implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingApiKeys.class);

  private record Version(Path realPath, FileTime modified, long size) {}

  private final Path file;
  private final long checkEveryNanos;
  private final LongSupplier nanoTime;
  private volatile StaticApiKeyAuthenticator keys;
  private volatile Version version;
  private volatile long nextCheck;

  public ReloadingApiKeys(Path file, Duration checkEvery, LongSupplier nanoTime) {
    this.file = file;
    this.checkEveryNanos = checkEvery.toNanos();
    this.nanoTime = nanoTime;
    this.version = versionOf(file);
    this.keys = StaticApiKeyAuthenticator.fromFile(file);
    this.nextCheck = nanoTime.getAsLong() + checkEveryNanos;
  }

  @Override
  public Principal authenticate(String authorizationHeader) {
    reloadIfChanged();
    return keys.authenticate(authorizationHeader);
  }

  private void reloadIfChanged() {
    long now = nanoTime.getAsLong();
    if (now - nextCheck < 0) {
      return;
    }
    synchronized (this) {
      if (now - nextCheck < 0) {
        return;
      }
      nextCheck = now + checkEveryNanos;
      try {
        Version seen = versionOf(file);
        if (Objects.equals(seen, version)) {
          return;
        }
        keys = StaticApiKeyAuthenticator.fromFile(file);
        version = seen;
        LOG.info("API keys reloaded from {}", file);
      } catch (RuntimeException e) {
        LOG.error("API keys file {} could not be read again; the keys read before stay", file, e);
      }
    }
  }

  private static Version versionOf(Path file) {
    try {
      Path real = file.toRealPath(); // a mounted Secret swaps a symlink to a new directory
      return new Version(real, Files.getLastModifiedTime(real), Files.size(real));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read API keys file " + file, e);
    }
  }
}
