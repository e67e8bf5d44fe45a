package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpspawner.gateway.GatewayConfig;
import dev.mcpspawner.gateway.GatewayOptions;
import dev.mcpspawner.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** templates/gateway: the gateway Deployment, its Service, Ingress, budget and Role. */
class GatewayTemplatesTest {

  @Test
  void gatewayPodIsHardenedAndRunsTwoReplicasByDefault() {
    Deployment deployment = gateway(RenderedChart.withDefaults());
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    Hardening.assertHardened(deployment.getSpec().getTemplate().getSpec());
    Hardening.assertHardened(
        gateway(RenderedChart.withNonDefaultValues()).getSpec().getTemplate().getSpec());
    assertThat(gateway(RenderedChart.withNonDefaultValues()).getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void gatewayIsToldItsNamespacePortUrlOriginsAndAdmins() {
    Container container = container(RenderedChart.withNonDefaultValues());
    assertThat(OperatorTemplatesTest.env(container))
        .containsEntry("MCP_SPAWNER_SESSIONS_NAMESPACE", "mcp-sessions")
        .containsEntry("MCP_SPAWNER_GATEWAY_PORT", "8080")
        .containsEntry("MCP_SPAWNER_PUBLIC_URL", "https://mcp.example.com")
        .containsEntry("MCP_SPAWNER_ALLOWED_ORIGINS", "https://claude.ai,https://app.example.com")
        .containsEntry("MCP_SPAWNER_ADMIN_GROUPS", "mcp-admins,sre");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  @Test
  void gatewayReadsEveryValueAnInstallationChanges() {
    Deployment deployment = gateway(RenderedChart.withNonDefaultValues());
    GatewayConfig config =
        GatewayConfig.fromEnv(OperatorTemplatesTest.runtimeEnv(deployment), "fallback");

    assertThat(config.namespace()).isEqualTo("mcp-sessions");
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.publicUrl()).isEqualTo("https://mcp.example.com");
    assertThat(config.allowedOrigins())
        .containsExactlyInAnyOrder("https://claude.ai", "https://app.example.com");
    assertThat(config.adminGroups()).containsExactlyInAnyOrder("mcp-admins", "sre");
    assertThat(config.apiKeysFile()).hasToString("/etc/mcp-spawner/api-keys/keys.yaml");
    assertThat(config.spawnTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.upstreamTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.activityInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(40));
    assertThat(config.peerHost()).as("the pod IP, for the other replicas").isEqualTo("10.0.0.7");
    assertThat(config.operatorLease())
        .as("the operator's leader Lease, beside the operator")
        .isEqualTo(RenderedChart.NAMESPACE + "/" + OperatorConfig.LEASE_NAME);
  }

  @Test
  void gatewayMayReadTheOperatorsLeaseAndNoOtherInTheReleaseNamespace() {
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    Role role = chart.one(Role.class, "-gateway-operator-lease");
    assertThat(role.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(describe(r)).isEqualTo("coordination.k8s.io leases [get]");
              assertThat(r.getResourceNames()).containsExactly(OperatorConfig.LEASE_NAME);
            });
    RoleBinding binding = chart.one(RoleBinding.class, "-gateway-operator-lease");
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertBindsToTheGateway(chart, binding, role);
  }

  @Test
  void gatewayDefaultsAreTheGatewaysOwn() {
    GatewayConfig config =
        GatewayConfig.fromEnv(
            OperatorTemplatesTest.runtimeEnv(gateway(RenderedChart.withDefaults())), "fallback");
    GatewayConfig builtIn = GatewayConfig.defaults(RenderedChart.NAMESPACE);
    assertThat(config.namespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(config.spawnTimeout()).isEqualTo(builtIn.spawnTimeout());
    assertThat(config.upstreamTimeout()).isEqualTo(builtIn.upstreamTimeout());
    assertThat(config.maxBodyBytes()).isEqualTo(builtIn.maxBodyBytes());
    assertThat(config.activityInterval()).isEqualTo(builtIn.activityInterval());
    assertThat(config.drainTimeout()).isEqualTo(builtIn.drainTimeout());
    assertThat(config.apiKeysFile()).isNull();
  }

  @Test
  void shutdownDrainFitsInTheGracePeriod() {
    for (RenderedChart chart :
        new RenderedChart[] {RenderedChart.withDefaults(), RenderedChart.withNonDefaultValues()}) {
      Deployment deployment = gateway(chart);
      GatewayConfig config =
          GatewayConfig.fromEnv(OperatorTemplatesTest.runtimeEnv(deployment), "fallback");
      var pod = deployment.getSpec().getTemplate().getSpec();
      long preStop = pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds();
      assertThat(config.drainTimeout().plusSeconds(preStop))
          .isLessThan(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()));
    }
  }

  @Test
  void apiKeysFileIsTheMountedSecretKey() {
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    PodSpec pod = gateway(chart).getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    String file = OperatorTemplatesTest.env(container).get("MCP_SPAWNER_API_KEYS_FILE");

    var mount =
        container.getVolumeMounts().stream()
            .filter(m -> file.startsWith(m.getMountPath() + "/"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(file + " is on no mounted volume"));
    assertThat(mount.getReadOnly()).isTrue();
    var secret =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow()
            .getSecret();
    assertThat(secret.getSecretName()).isEqualTo("mcp-api-keys");
    assertThat(secret.getItems())
        .singleElement()
        .satisfies(i -> assertThat(mount.getMountPath() + "/" + i.getPath()).isEqualTo(file))
        .satisfies(i -> assertThat(i.getKey()).isEqualTo("keys.yaml"));
  }

  @Test
  void withoutAnApiKeysSecretNothingIsMounted() {
    Container container = container(RenderedChart.withDefaults());
    assertThat(OperatorTemplatesTest.env(container)).doesNotContainKey("MCP_SPAWNER_API_KEYS_FILE");
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly("/tmp");
  }

  @Test
  void serviceSelectsTheGatewayPodsOnTheirHttpPort() {
    RenderedChart chart = RenderedChart.withDefaults();
    Service service = chart.one(Service.class, "-gateway");
    Map<String, String> podLabels =
        gateway(chart).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
  }

  @Test
  void ingressStreamsWithoutBuffering() {
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    Ingress ingress = chart.one(Ingress.class, "-gateway");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(t -> assertThat(t.getHosts()).containsExactly("mcp.example.com"));
    var backend =
        ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
    assertThat(backend.getName())
        .isEqualTo(chart.one(Service.class, "-gateway").getMetadata().getName());
    assertThat(backend.getPort().getName()).isEqualTo("http");
    assertThat(RenderedChart.withDefaults().all(Ingress.class)).isEmpty();
  }

  @Test
  void disruptionBudgetKeepsAGatewayUp() {
    RenderedChart chart = RenderedChart.withDefaults();
    PodDisruptionBudget budget = chart.one(PodDisruptionBudget.class, "-gateway");
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(gateway(chart).getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void gatewayRoleManagesSessionsCreatesAndReadsUsersAndReadsTheCatalogAndRunnerTokens() {
    RenderedChart chart = RenderedChart.withNonDefaultValues();
    Role role = chart.one(Role.class, "-gateway");
    assertThat(role.getMetadata().getNamespace()).isEqualTo("mcp-sessions");
    assertThat(role.getRules())
        .extracting(GatewayTemplatesTest::describe)
        .containsExactlyInAnyOrder(
            "mcpspawner.dev mcpsessions [get, list, watch, create, delete, patch]",
            "mcpspawner.dev mcpservers [get, list, watch]",
            "mcpspawner.dev mcpservers/status,mcpusers/status [patch]",
            "mcpspawner.dev mcpusers [get, list, watch, create, patch, delete]",
            " secrets [create, update, delete]",
            " secrets [get]",
            " pods [get]",
            " events [list, create]",
            "metrics.k8s.io pods [get, list]");
    RoleBinding binding = chart.one(RoleBinding.class, "-gateway");
    assertThat(assertBindsToTheGateway(chart, binding, role).getNamespace())
        .isEqualTo(RenderedChart.NAMESPACE);
  }

  @Test
  void apiKeysModeByDefaultGrantsNoSecretsBeyondRunnerTokens() {
    RenderedChart chart = RenderedChart.withDefaults();
    assertThat(OperatorTemplatesTest.env(container(chart)))
        .containsEntry("MCP_SPAWNER_AUTH_MODE", "api-keys")
        .doesNotContainKeys("MCP_SPAWNER_OAUTH_NAMESPACE", "MCP_SPAWNER_EXTERNAL_ISSUER");
    assertNoOAuthRole(chart);
  }

  @Test
  void builtinSignInMountsItsUsersAndKeepsItsStateInTheReleaseNamespace() {
    RenderedChart chart = RenderedChart.renderWith(builtinValues());
    PodSpec pod = gateway(chart).getSpec().getTemplate().getSpec();
    Map<String, String> env = OperatorTemplatesTest.env(pod.getContainers().get(0));
    assertThat(env)
        .containsEntry("MCP_SPAWNER_AUTH_MODE", "builtin")
        .containsEntry("MCP_SPAWNER_OAUTH_NAMESPACE", RenderedChart.NAMESPACE)
        .containsEntry("MCP_SPAWNER_OAUTH_USERS_FILE", "/etc/mcp-spawner/users/users.yaml")
        .containsEntry("MCP_SPAWNER_OIDC_ISSUER", "https://idp.example.com/realms/acme")
        .containsEntry("MCP_SPAWNER_OIDC_CLIENT_ID", "mcp-spawner")
        .containsEntry("MCP_SPAWNER_OIDC_CLIENT_SECRET_FILE", "/etc/mcp-spawner/oidc/client-secret")
        .doesNotContainKey("MCP_SPAWNER_OIDC_CLIENT_SECRET");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .contains("mcp-users", "mcp-oidc");
    Hardening.assertHardened(pod);

    Role oauth = chart.one(Role.class, "-gateway-oauth");
    assertThat(oauth.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(oauth.getRules())
        .extracting(GatewayTemplatesTest::describe)
        .containsExactly(" secrets [get, list, watch, create, update, delete]");
    assertThat(chart.one(RoleBinding.class, "-gateway-oauth").getRoleRef().getName())
        .isEqualTo(oauth.getMetadata().getName());
  }

  @Test
  void externalSignInIsToldItsIdentityProvider() {
    RenderedChart chart =
        RenderedChart.renderWith(externalValues("gateway.auth.external.groupsClaim", "roles"));
    assertThat(OperatorTemplatesTest.env(container(chart)))
        .containsEntry("MCP_SPAWNER_AUTH_MODE", "external")
        .containsEntry("MCP_SPAWNER_EXTERNAL_ISSUER", "https://login.example.com")
        .containsEntry("MCP_SPAWNER_EXTERNAL_AUDIENCE", "api://mcp")
        .containsEntry("MCP_SPAWNER_EXTERNAL_GROUPS_CLAIM", "roles")
        .doesNotContainKeys("MCP_SPAWNER_EXTERNAL_SCOPE", "MCP_SPAWNER_OAUTH_NAMESPACE");
    assertNoOAuthRole(chart);
  }

  /**
   * A variable the chart sets that the gateway does not declare would be silently ignored; every
   * sign-in mode's variables included. {@code JAVA_TOOL_OPTIONS} is the JVM's own.
   */
  @Test
  void everyVariableTheChartSetsIsAnOptionTheGatewayReads() {
    List<RenderedChart> charts =
        List.of(
            RenderedChart.withDefaults(),
            RenderedChart.withNonDefaultValues(),
            RenderedChart.renderWith(builtinValues("gateway.auth.builtin.accessTokenTtl", "30m")),
            RenderedChart.renderWith(externalValues("gateway.auth.external.scope", "mcp")));
    for (RenderedChart chart : charts) {
      assertThat(container(chart).getEnv())
          .extracting(io.fabric8.kubernetes.api.model.EnvVar::getName)
          .filteredOn(name -> !name.equals("JAVA_TOOL_OPTIONS"))
          .isNotEmpty()
          .isSubsetOf(GatewayOptions.ALL.names());
    }
  }

  @Test
  void signInMisconfigurationsFailWithAMessage() {
    // values.schema.json refuses it before the template's own check could.
    assertThatThrownBy(() -> RenderedChart.renderWith(Map.of("gateway.auth.mode", "saml")))
        .hasMessageContaining("/gateway/auth/mode")
        .hasMessageContaining("'api-keys', 'builtin', 'external'");
    assertThatThrownBy(
            () ->
                RenderedChart.renderWith(
                    Map.of("gateway.auth.mode", "builtin", "sessions.namespace", "mcp-sessions")))
        .hasMessageContaining("needs gateway.publicUrl");
    assertThatThrownBy(
            () ->
                RenderedChart.renderWith(
                    Map.of(
                        "gateway.publicUrl", "https://mcp.example.com",
                        "gateway.auth.mode", "external")))
        .hasMessageContaining("gateway.auth.external.issuer is required");
  }

  private static String describe(PolicyRule rule) {
    return String.join(",", rule.getApiGroups())
        + " "
        + String.join(",", rule.getResources())
        + " "
        + rule.getVerbs();
  }

  /**
   * Values for built-in sign-in: its users Secret, an upstream OIDC provider, sessions in a
   * namespace of their own; and the pairs of {@code more}.
   */
  static Map<String, Object> builtinValues(String... more) {
    Map<String, Object> values = signIn("builtin", more);
    values.put("gateway.auth.builtin.usersSecret", "mcp-users");
    values.put("gateway.auth.builtin.oidc.issuer", "https://idp.example.com/realms/acme");
    values.put("gateway.auth.builtin.oidc.clientId", "mcp-spawner");
    values.put("gateway.auth.builtin.oidc.clientSecretSecret", "mcp-oidc");
    values.put("sessions.namespace", "mcp-sessions");
    return values;
  }

  /** Values for external sign-in (its issuer and audience) and the pairs of {@code more}. */
  static Map<String, Object> externalValues(String... more) {
    Map<String, Object> values = signIn("external", more);
    values.put("gateway.auth.external.issuer", "https://login.example.com");
    values.put("gateway.auth.external.audience", "api://mcp");
    return values;
  }

  /** A public URL, sign-in {@code mode}, and the pairs of {@code more}. */
  private static Map<String, Object> signIn(String mode, String... more) {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    values.put("gateway.publicUrl", "https://mcp.example.com");
    values.put("gateway.auth.mode", mode);
    for (int i = 0; i + 1 < more.length; i += 2) {
      values.put(more[i], more[i + 1]);
    }
    return values;
  }

  /** Only built-in sign-in keeps state in Secrets: no other mode gets the gateway-oauth Role. */
  static void assertNoOAuthRole(RenderedChart chart) {
    assertThat(chart.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .noneMatch(name -> name.endsWith("-gateway-oauth"));
  }

  /**
   * {@code binding} gives {@code role} to the gateway's service account, its only subject; that
   * subject.
   */
  static Subject assertBindsToTheGateway(RenderedChart chart, RoleBinding binding, Role role) {
    String account = Rbac.serviceAccountOf(gateway(chart));
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
    return binding.getSubjects().get(0);
  }

  static Deployment gateway(RenderedChart chart) {
    return chart.one(Deployment.class, "-gateway");
  }

  static Container container(RenderedChart chart) {
    List<Container> containers = gateway(chart).getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).hasSize(1);
    return containers.get(0);
  }
}
