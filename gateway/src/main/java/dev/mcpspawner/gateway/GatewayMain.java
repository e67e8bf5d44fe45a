package dev.mcpspawner.gateway;

import dev.mcpspawner.gateway.auth.Authenticator;
import dev.mcpspawner.gateway.auth.OAuthAuthenticator;
import dev.mcpspawner.gateway.auth.ReloadingApiKeys;
import dev.mcpspawner.gateway.auth.StaticApiKeyAuthenticator;
import dev.mcpspawner.gateway.user.UserDirectory;
import dev.mcpspawner.oauth.SignIn;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway process: configuration from the environment, then {@link GatewayApp}. */
public final class GatewayMain {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

  /** How often the API keys file is looked at for changes. */
  private static final Duration API_KEYS_CHECK_EVERY = Duration.ofSeconds(2);

  private GatewayMain() {}

  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    String fallbackNamespace = client.getNamespace() == null ? "default" : client.getNamespace();
    Map<String, String> env = System.getenv();
    GatewayConfig config = GatewayConfig.fromEnv(env, fallbackNamespace);
    Authenticator apiKeys;
    if (config.apiKeysFile() == null) {
      apiKeys = new StaticApiKeyAuthenticator(List.of());
    } else {
      apiKeys = new ReloadingApiKeys(config.apiKeysFile(), API_KEYS_CHECK_EVERY, System::nanoTime);
    }
    // OAuth state (registrations, codes, grants, keys) lives in the gateway's own namespace.
    String oauthNamespace =
        GatewayOptions.OAUTH_NAMESPACE.isSet(env)
            ? GatewayOptions.OAUTH_NAMESPACE.from(env)
            : fallbackNamespace;
    // Made before sign-in: the verifier asks it for each user's tokensNotBefore.
    UserDirectory users = new UserDirectory(client, config.namespace(), config.userDefaults());
    SignIn signIn =
        SignIn.fromEnv(
            env,
            client,
            oauthNamespace,
            config.publicUrl(),
            users::tokensNotBefore,
            Clock.systemUTC());
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
    GatewayApp app = new GatewayApp(client, config, authenticator, signIn::register, users).start();
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
