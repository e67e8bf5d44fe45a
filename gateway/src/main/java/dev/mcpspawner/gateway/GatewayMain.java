package dev.mcpspawner.gateway;

import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.OAuthAuthenticator;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.oauth.SignIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway process: configuration from the environment, then {@link GatewayApp}. */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  private GatewayMain() {}

  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    String fallbackNamespace = client.getNamespace() == null ? "default" : client.getNamespace();
    Map<String, String> env = System.getenv();
    GatewayConfig config = GatewayConfig.fromEnv(env, fallbackNamespace);
    StaticApiKeyAuthenticator apiKeys;
    if (config.apiKeysFile() == null) {
      apiKeys = new StaticApiKeyAuthenticator(List.of());
    } else {
      apiKeys = StaticApiKeyAuthenticator.fromFile(config.apiKeysFile());
    }
    // OAuth state (registrations, codes, grants, keys) lives in the gateway's own namespace.
    String oauthNamespace = env.getOrDefault("MCP_SPAWNER_OAUTH_NAMESPACE", fallbackNamespace);
    SignIn signIn =
        SignIn.fromEnv(env, client, oauthNamespace, config.publicUrl(), null, Clock.systemUTC());
    Authenticator authenticator =
        signIn
            .verifier()
            .<Authenticator>map(v -> new OAuthAuthenticator(v, signIn.requiredScope(), apiKeys))
            .orElse(apiKeys);
    if (signIn.mode() == SignIn.Mode.API_KEYS && config.apiKeysFile() == null) {
      LOG.warn(
          "MCP_SPAWNER_API_KEYS_FILE is not set and sign-in is off: no request can authenticate");
    }
    LOG.info("sign-in mode {}", signIn.mode());
    GatewayApp app = new GatewayApp(client, config, authenticator, signIn::register).start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  signIn.close();
                  client.close();
                },
                "gateway-shutdown"));
  }
}
