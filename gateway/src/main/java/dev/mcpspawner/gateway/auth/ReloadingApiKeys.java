package dev.mcpspawner.gateway.auth;

import dev.mcpspawner.oauth.config.WatchedFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The API keys file, read again when it changes: a key removed from its Secret stops working as
 * soon as the kubelet has updated the mounted file, without a restart (see {@link WatchedFile}).
 */
public final class ReloadingApiKeys implements Authenticator {
  private final WatchedFile<StaticApiKeyAuthenticator> keys;

  public ReloadingApiKeys(Path file, Duration checkEvery, LongSupplier nanoTime) {
    this.keys =
        new WatchedFile<>(
            file, "API keys", StaticApiKeyAuthenticator::fromFile, checkEvery, nanoTime);
  }

  @Override
  public Principal authenticate(String authorizationHeader) {
    return keys.current().authenticate(authorizationHeader);
  }
}
