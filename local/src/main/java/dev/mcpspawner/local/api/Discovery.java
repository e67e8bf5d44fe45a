package dev.mcpspawner.local.api;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

/** Discovery documents ({@code /api}, {@code /apis}) the CRUD dispatcher does not serve. */
final class Discovery {
  private Discovery() {}

  static void serve(KubernetesMockServer server) {}
}
