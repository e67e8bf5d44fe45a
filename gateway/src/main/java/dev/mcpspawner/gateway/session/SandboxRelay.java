package dev.mcpspawner.gateway.session;

import dev.mcpspawner.gateway.relay.UpstreamRelay;
import dev.mcpspawner.gateway.relay.UpstreamResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Sends a request to a sandbox's runner, and once more with the token read afresh when the runner
 * refuses the one the gateway had (401): a cached token can outlive its session when a sandbox of
 * the same name is created again. The runner checks its token before it reads the request, so the
 * refused request never ran; a second 401 goes back to the client as it came.
 */
public final class SandboxRelay {
  private static final int UNAUTHORIZED = 401;

  private final UpstreamRelay relay;
  private final SessionRouter router;

  public SandboxRelay(UpstreamRelay relay, SessionRouter router) {
    this.relay = relay;
    this.router = router;
  }

  public UpstreamResponse send(
      Sandbox sandbox, String method, byte[] body, Map<String, String> headers) {
    UpstreamResponse response = relay.send(sandbox, method, body, headers);
    if (response.statusCode() != UNAUTHORIZED) {
      return response;
    }
    try {
      response.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return relay.send(router.reauthorize(sandbox), method, body, headers);
  }
}
