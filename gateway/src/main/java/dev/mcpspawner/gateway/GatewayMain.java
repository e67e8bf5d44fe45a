package dev.mcpspawner.gateway;

import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway process: configuration from the environment, then {@link GatewayApp}. */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    String fallbackNamespace = client.getNamespace() == null ? "default" : client.getNamespace();
    GatewayConfig config = GatewayConfig.fromEnv(System.getenv(), fallbackNamespace);
    StaticApiKeyAuthenticator authenticator;
    if (config.apiKeysFile() == null) {
      LOG.warn("MCP_SPAWNER_API_KEYS_FILE is not set: no request can authenticate");
      authenticator = new StaticApiKeyAuthenticator(List.of());
    } else {
      authenticator = StaticApiKeyAuthenticator.fromFile(config.apiKeysFile());
    }
    GatewayApp app = new GatewayApp(client, config, authenticator).start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  client.close();
                },
                "gateway-shutdown"));
  }
}
