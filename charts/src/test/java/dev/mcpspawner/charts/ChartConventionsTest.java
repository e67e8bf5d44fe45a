package dev.mcpspawner.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import dev.mcpspawner.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What platform teams expect of a chart: a values schema that refuses what the chart cannot use, an
 * Ingress that exposes only what clients use, ServiceMonitors, an HPA, a `helm test` hook.
 */
class ChartConventionsTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  // --- values.schema.json (Helm validates the values against it on template, install, lint)

  @Test
  void theSchemaRefusesBadValues() {
    assertRefused(Map.of("gateway.replicas", "two"), "/gateway/replicas");
    assertRefused(Map.of("gateway.port", 70000), "/gateway/port");
    assertRefused(Map.of("gateway.spawnTimeout", "two minutes"), "/gateway/spawnTimeout");
    assertRefused(Map.of("operator.image.pullPolicy", "Sometimes"), "/operator/image/pullPolicy");
    assertRefused(Map.of("runner.image.digest", "latest"), "/runner/image/digest");
    assertRefused(Map.of("sessions.home.accessMode", "ReadManyWriteNone"), "accessMode");
    assertRefused(Map.of("networkPolicy.enabled", "maybe"), "/networkPolicy/enabled");
    // A misspelt key is refused, not silently ignored.
    assertRefused(Map.of("gateway.replica", 3), "replica");
    assertRefused(Map.of("gateway.ingress.host", "mcp.example.com"), "host");
  }

  @Test
  void theSchemaCoversEveryValue() throws IOException {
    JsonNode values = YAML.readTree(RenderedChart.CHART.resolve("values.yaml").toFile());
    JsonNode schema = JSON.readTree(RenderedChart.CHART.resolve("values.schema.json").toFile());
    List<String> missing = new ArrayList<>();
    walk(values, schema, "", missing);
    assertThat(missing).as("values without a schema").isEmpty();
  }

  @Test
  void theExampleAndTestValuesPassTheSchema() {
    // Rendering validates them: these throw if the schema refused anything.
    assertThat(RenderedChart.withNonDefaultValues().objects()).isNotEmpty();
    assertThat(RenderedChart.withProductionValues().objects()).isNotEmpty();
  }

  // --- Ingress

  @Test
  void theIngressExposesMcpOauthAccountAndAdminOnly() {
    Ingress ingress = RenderedChart.withNonDefaultValues().one(Ingress.class, "-gateway");
    List<String> paths =
        ingress.getSpec().getRules().stream()
            .flatMap(r -> r.getHttp().getPaths().stream())
            .map(HTTPIngressPath::getPath)
            .distinct()
            .toList();
    assertThat(paths).containsExactly("/mcp", "/oauth", "/.well-known", "/account", "/admin");
    assertThat(ingress.getSpec().getRules())
        .flatExtracting(r -> r.getHttp().getPaths())
        .allSatisfy(p -> assertThat(p.getPathType()).isEqualTo("Prefix"));
    // Nothing under /metrics, /healthz, /readyz or /health/sessions matches any of these prefixes.
    for (String internal : List.of("/metrics", "/healthz", "/readyz", "/health/sessions", "/")) {
      assertThat(paths)
          .as("%s must not be routed", internal)
          .noneMatch(p -> internal.equals(p) || internal.startsWith(p + "/"));
    }
  }

  @Test
  void theHttpRouteRoutesTheIngressPathsOnlyToTheGatewayService() {
    RenderedChart chart =
        RenderedChart.renderWith(
            Map.of(
                "gateway.httpRoute.enabled", true,
                "gateway.httpRoute.parentRefs[0].name", "public",
                "gateway.httpRoute.parentRefs[0].namespace", "gateway-system",
                "gateway.httpRoute.hostnames[0]", "mcp.example.com"));
    List<io.fabric8.kubernetes.api.model.HasMetadata> routes =
        chart.objects().stream().filter(o -> o.getKind().equals("HTTPRoute")).toList();
    assertThat(routes).hasSize(1);
    assertThat(routes.get(0).getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
    JsonNode spec = JSON.valueToTree(routes.get(0)).path("spec");
    assertThat(spec.path("parentRefs").get(0).path("name").asText()).isEqualTo("public");
    assertThat(spec.path("hostnames").get(0).asText()).isEqualTo("mcp.example.com");
    assertThat(spec.path("rules")).hasSize(1);
    JsonNode rule = spec.path("rules").get(0);
    List<String> paths = new ArrayList<>();
    rule.path("matches")
        .forEach(
            m -> {
              assertThat(m.path("path").path("type").asText()).isEqualTo("PathPrefix");
              paths.add(m.path("path").path("value").asText());
            });
    Ingress ingress = RenderedChart.withNonDefaultValues().one(Ingress.class, "-gateway");
    assertThat(paths)
        .containsExactlyElementsOf(
            ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .map(HTTPIngressPath::getPath)
                .toList());
    Service service = chart.one(Service.class, "-gateway");
    assertThat(rule.path("backendRefs").get(0).path("name").asText())
        .isEqualTo(service.getMetadata().getName());
    assertThat(rule.path("backendRefs").get(0).path("port").asInt())
        .isEqualTo(service.getSpec().getPorts().get(0).getPort());
    // Its first hostname is the public URL when nothing else names one.
    assertThat(OperatorTemplatesTest.env(gatewayContainer(chart)))
        .containsEntry("MCP_SPAWNER_PUBLIC_URL", "https://mcp.example.com");

    assertThat(RenderedChart.withDefaults().objects())
        .noneMatch(o -> o.getKind().equals("HTTPRoute"));
    assertThatThrownBy(() -> RenderedChart.renderWith(Map.of("gateway.httpRoute.enabled", true)))
        .hasMessageContaining("gateway.httpRoute.parentRefs");
  }

  static io.fabric8.kubernetes.api.model.Container gatewayContainer(RenderedChart chart) {
    return chart
        .one(io.fabric8.kubernetes.api.model.apps.Deployment.class, "-gateway")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  // --- CRD upgrades

  @Test
  void crdsAsTemplatesAreTheChartsCrdsKeptOnUninstall() throws IOException {
    var crd = io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class;
    assertThat(RenderedChart.withDefaults().all(crd)).as("crds/ only, by default").isEmpty();

    List<io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition> rendered =
        RenderedChart.renderWith(Map.of("crds.templates", true)).all(crd);
    List<String> files;
    try (Stream<Path> list = Files.list(Crds.DIR)) {
      files = list.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(rendered).hasSize(files.size());
    for (String file : files) {
      var expected = Crds.load(file);
      assertThat(rendered)
          .filteredOn(c -> c.getMetadata().getName().equals(expected.getMetadata().getName()))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getSpec()).isEqualTo(expected.getSpec());
                assertThat(c.getMetadata().getAnnotations())
                    .containsEntry("helm.sh/resource-policy", "keep");
                assertThat(c.getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "mcp-spawner");
              });
    }
  }

  // --- extra trusted CAs

  @Test
  void aCaBundleIsAddedToTheTrustStoreOfTheOperatorAndTheGatewayJvms() {
    RenderedChart chart = RenderedChart.renderWith(Map.of("caBundle.configMapName", "corp-ca"));
    for (String component : List.of("-gateway", "-operator")) {
      var pod =
          chart
              .one(io.fabric8.kubernetes.api.model.apps.Deployment.class, component)
              .getSpec()
              .getTemplate()
              .getSpec();
      assertThat(pod.getInitContainers()).extracting("name").containsExactly("trust-ca-bundle");
      var init = pod.getInitContainers().get(0);
      assertThat(init.getImage()).isEqualTo(pod.getContainers().get(0).getImage());
      assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(OperatorTemplatesTest.env(init))
          .containsEntry("BUNDLE", "/etc/mcp-spawner/ca-bundle/ca.crt");
      assertThat(pod.getVolumes())
          .anySatisfy(
              v -> {
                assertThat(v.getName()).isEqualTo("ca-bundle");
                assertThat(v.getConfigMap().getName()).isEqualTo("corp-ca");
              });
      var main = pod.getContainers().get(0);
      assertThat(main.getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getName()).isEqualTo("truststore");
                assertThat(m.getReadOnly()).isTrue();
              });
      assertThat(OperatorTemplatesTest.env(main).get("JAVA_TOOL_OPTIONS"))
          .startsWith("-XX:MaxRAMPercentage=75")
          .contains(
              "-Djavax.net.ssl.trustStore=/etc/mcp-spawner/truststore/cacerts",
              "-Djavax.net.ssl.trustStoreType=PKCS12");
    }
    var unset =
        RenderedChart.withDefaults()
            .one(io.fabric8.kubernetes.api.model.apps.Deployment.class, "-gateway");
    assertThat(unset.getSpec().getTemplate().getSpec().getInitContainers()).isNullOrEmpty();
    assertThat(
            OperatorTemplatesTest.env(
                    unset.getSpec().getTemplate().getSpec().getContainers().get(0))
                .get("JAVA_TOOL_OPTIONS"))
        .doesNotContain("trustStore");
    assertRefused(Map.of("caBundle.configMapName", "a", "caBundle.secretName", "b"), "caBundle");
  }

  @Test
  void theInitContainerKeepsTheJvmsCasAndAddsEveryCertificateOfTheBundle() throws Exception {
    RenderedChart chart = RenderedChart.renderWith(Map.of("caBundle.secretName", "corp-ca"));
    var init =
        chart
            .one(io.fabric8.kubernetes.api.model.apps.Deployment.class, "-gateway")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getInitContainers()
            .get(0);
    assertThat(init.getCommand()).startsWith("bash", "-c");
    Path work = Files.createTempDirectory("ca-bundle");
    Path javaHome = Path.of(System.getProperty("java.home"));
    String keytool = javaHome.resolve("bin/keytool").toString();
    StringBuilder bundle = new StringBuilder("# two private roots\n");
    for (String name : List.of("a", "b")) {
      run(
          work,
          keytool,
          "-genkeypair",
          "-alias",
          name,
          "-dname",
          "CN=Corp Root " + name,
          "-keyalg",
          "EC",
          "-keystore",
          "keys.p12",
          "-storepass",
          "changeit");
      bundle.append(
          run(
              work,
              keytool,
              "-exportcert",
              "-rfc",
              "-alias",
              name,
              "-keystore",
              "keys.p12",
              "-storepass",
              "changeit"));
    }
    Files.writeString(work.resolve("ca.crt"), bundle);
    Path store = work.resolve("out/cacerts");
    Files.createDirectories(store.getParent());

    ProcessBuilder script = new ProcessBuilder(init.getCommand()).directory(work.toFile());
    script.environment().put("JAVA_HOME", javaHome.toString());
    script.environment().put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
    script.environment().put("BUNDLE", work.resolve("ca.crt").toString());
    script.environment().put("TRUSTSTORE", store.toString());
    Process p = script.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("trusting 2 extra CA certificate(s)");

    String listed =
        run(
            work,
            keytool,
            "-list",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass",
            "changeit");
    String jdk = run(work, keytool, "-list", "-cacerts", "-storepass", "changeit");
    assertThat(listed).contains("mcp-spawner-extra-ca-001", "mcp-spawner-extra-ca-002");
    assertThat(entries(listed)).isEqualTo(entries(jdk) + 2);
    assertThat(Files.exists(store.resolveSibling("pem"))).isFalse();

    // A bundle with no certificate in it fails the pod's start rather than trusting nothing new.
    Files.writeString(work.resolve("ca.crt"), "not a certificate\n");
    Process empty = script.start();
    empty.getInputStream().readAllBytes();
    assertThat(empty.waitFor()).isNotZero();
  }

  private static int entries(String keytoolList) {
    var m = java.util.regex.Pattern.compile("contains (\\d+) entr").matcher(keytoolList);
    assertThat(m.find()).as(keytoolList).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static String run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  // --- ServiceMonitor

  @Test
  void serviceMonitorsAreOffByDefault() {
    assertThat(RenderedChart.withDefaults().objects())
        .noneMatch(o -> o.getKind().equals("ServiceMonitor"));
  }

  @Test
  void serviceMonitorsScrapeTheOperatorAndTheGatewayServices() {
    RenderedChart chart =
        RenderedChart.renderWith(
            Map.of(
                "serviceMonitor.enabled", true,
                "serviceMonitor.labels.release", "kube-prometheus-stack",
                "serviceMonitor.interval", "15s"));
    List<GenericKubernetesResource> monitors =
        chart.all(GenericKubernetesResource.class).stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .toList();
    assertThat(monitors).hasSize(2);
    for (String component : List.of("operator", "gateway")) {
      GenericKubernetesResource monitor =
          monitors.stream()
              .filter(m -> m.getMetadata().getName().endsWith("-" + component))
              .findFirst()
              .orElseThrow();
      assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
      assertThat(monitor.getMetadata().getLabels())
          .containsEntry("release", "kube-prometheus-stack");
      JsonNode spec = JSON.valueToTree(monitor.getAdditionalProperties().get("spec"));
      assertThat(spec.at("/endpoints/0/path").asText()).isEqualTo("/metrics");
      assertThat(spec.at("/endpoints/0/port").asText()).isEqualTo("http");
      assertThat(spec.at("/endpoints/0/interval").asText()).isEqualTo("15s");
      assertThat(spec.at("/namespaceSelector/matchNames/0").asText())
          .isEqualTo(RenderedChart.NAMESPACE);
      // It selects exactly one of the chart's Services, which has a port named http.
      Map<String, Object> selector = JSON.convertValue(spec.at("/selector/matchLabels"), Map.class);
      List<Service> selected =
          chart.all(Service.class).stream()
              .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
              .toList();
      assertThat(selected)
          .as("%s ServiceMonitor selects one Service", component)
          .singleElement()
          .satisfies(s -> assertThat(s.getSpec().getPorts()).extracting("name").contains("http"));
    }
  }

  // --- HorizontalPodAutoscaler

  @Test
  void theGatewayHpaIsOffByDefault() {
    RenderedChart chart = RenderedChart.withDefaults();
    assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(GatewayTemplatesTest.gateway(chart).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void theGatewayHpaOwnsTheReplicaCount() {
    RenderedChart chart =
        RenderedChart.renderWith(
            Map.of(
                "gateway.autoscaling.enabled", true,
                "gateway.autoscaling.minReplicas", 3,
                "gateway.autoscaling.maxReplicas", 12,
                "gateway.autoscaling.targetMemoryUtilizationPercentage", 80));
    HorizontalPodAutoscaler hpa = chart.one(HorizontalPodAutoscaler.class, "-gateway");
    var deployment = GatewayTemplatesTest.gateway(chart);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName())
        .isEqualTo(deployment.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(12);
    assertThat(hpa.getSpec().getMetrics())
        .extracting(
            m ->
                m.getResource().getName()
                    + "="
                    + m.getResource().getTarget().getAverageUtilization())
        .containsExactly("cpu=70", "memory=80");
    assertThat(deployment.getSpec().getReplicas()).as("the HPA sets the replicas").isNull();
    assertThat(chart.all(PodDisruptionBudget.class)).hasSize(1);

    assertThatThrownBy(
            () ->
                RenderedChart.renderWith(
                    Map.of(
                        "gateway.autoscaling.enabled",
                        true,
                        "gateway.autoscaling.targetCPUUtilizationPercentage",
                        0)))
        .hasMessageContaining("gateway.autoscaling needs targetCPUUtilizationPercentage");
  }

  // --- helm test

  @Test
  void helmTestChecksThatTheGatewayIsReady() throws IOException {
    // `helm template` through helm-java leaves hooks out: render a copy whose hook is a plain
    // object.
    RenderedChart chart = withHooksAsObjects(RenderedChart.NON_DEFAULT_VALUES, Map.of());
    Pod test = chart.one(Pod.class, "-test-gateway");
    assertThat(test.getMetadata().getAnnotations())
        .containsEntry(HOOK_STAND_IN, "test")
        .containsEntry(HOOK_STAND_IN + "-delete-policy", "before-hook-creation,hook-succeeded");
    assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(test.getSpec().getAutomountServiceAccountToken()).isFalse();
    Hardening.assertHardened(test.getSpec());
    var container = test.getSpec().getContainers().get(0);
    Service service = chart.one(Service.class, "-gateway");
    assertThat(OperatorTemplatesTest.env(container))
        .containsEntry(
            "URL",
            "http://"
                + service.getMetadata().getName()
                + "."
                + RenderedChart.NAMESPACE
                + ".svc:"
                + service.getSpec().getPorts().get(0).getPort()
                + "/readyz");
    assertThat(container.getCommand()).startsWith("node", "-e");
    // The runner image (it carries node), as the chart names it.
    assertThat(container.getImage()).startsWith("registry.example.com/mcp/runner@sha256:");
    assertThat(test.getSpec().getImagePullSecrets())
        .extracting("name")
        .containsExactly("registry-credentials");

    // The gateway's NetworkPolicy admits it even when ingressFrom names only the ingress
    // controller.
    NetworkPolicy policy = chart.one(NetworkPolicy.class, "-gateway");
    Map<String, String> testLabels = test.getMetadata().getLabels();
    assertThat(policy.getSpec().getIngress())
        .anySatisfy(
            rule ->
                assertThat(rule.getFrom())
                    .filteredOn(p -> p.getPodSelector() != null && p.getNamespaceSelector() == null)
                    .anySatisfy(
                        peer ->
                            assertThat(testLabels)
                                .containsAllEntriesOf(peer.getPodSelector().getMatchLabels())
                                .containsEntry("app.kubernetes.io/component", "test")));

    assertThat(withHooksAsObjects(null, Map.of("tests.enabled", false)).all(Pod.class)).isEmpty();
  }

  @Test
  void helmTestChecksThatAnOperatorReplicaHoldsItsLeaseReadingThatLeaseOnly() throws IOException {
    RenderedChart chart = withHooksAsObjects(RenderedChart.NON_DEFAULT_VALUES, Map.of());
    Pod test = chart.one(Pod.class, "-test-operator");
    assertThat(test.getMetadata().getAnnotations()).containsEntry(HOOK_STAND_IN, "test");
    assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
    Hardening.assertHardened(test.getSpec());
    var container = test.getSpec().getContainers().get(0);
    assertThat(OperatorTemplatesTest.env(container))
        .containsEntry(
            "LEASE_URL",
            "https://kubernetes.default.svc/apis/coordination.k8s.io/v1/namespaces/"
                + RenderedChart.NAMESPACE
                + "/leases/"
                + OperatorConfig.LEASE_NAME)
        .containsEntry(
            "NODE_EXTRA_CA_CERTS", "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
    assertThat(container.getCommand()).startsWith("node", "-e");
    assertThat(String.join("\n", container.getCommand()))
        .contains("holderIdentity", "renewTime", "process.exit(1)");

    // Its own ServiceAccount, allowed to get the operator's Lease and nothing else; made before
    // the pod (a lower hook weight).
    String account = test.getSpec().getServiceAccountName();
    assertThat(account).isEqualTo(test.getMetadata().getName());
    assertThat(chart.one(ServiceAccount.class, "-test-operator").getMetadata().getAnnotations())
        .containsEntry(HOOK_STAND_IN + "-weight", "-1");
    Role role = chart.one(Role.class, "-test-operator");
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(rule.getResources()).containsExactly("leases");
              assertThat(rule.getResourceNames()).containsExactly(OperatorConfig.LEASE_NAME);
              assertThat(rule.getVerbs()).containsExactly("get");
            });
    RoleBinding binding = chart.one(RoleBinding.class, "-test-operator");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).extracting("name").containsExactly(account);

    assertThat(withHooksAsObjects(null, Map.of("tests.enabled", false)).all(Role.class))
        .noneMatch(r -> r.getMetadata().getName().endsWith("-test-operator"));
  }

  static final String HOOK_STAND_IN = "hook.test.mcpspawner.dev/hook";

  /** The chart rendered from a copy in target/ where helm.sh/hook annotations are plain ones. */
  static RenderedChart withHooksAsObjects(Path valuesFile, Map<String, Object> sets)
      throws IOException {
    Path copy = Path.of("target/chart-hooks-as-objects/mcp-spawner");
    try (Stream<Path> files = Files.walk(RenderedChart.CHART)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(RenderedChart.CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.writeString(target, Files.readString(file).replace("helm.sh/hook", HOOK_STAND_IN));
        }
      }
    }
    var command =
        new Helm(copy)
            .template()
            .withName(RenderedChart.RELEASE)
            .withNamespace(RenderedChart.NAMESPACE)
            .withKubeVersion(RenderedChart.KUBE_VERSION);
    if (valuesFile != null) {
      command = command.withValuesFile(valuesFile.toAbsolutePath());
    }
    for (var set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return RenderedChart.parse(command.call());
  }

  // --- what the chart says

  @Test
  void notesAndValuesClaimOnlyWhatTheChartDoes() throws IOException {
    String notes = Files.readString(RenderedChart.CHART.resolve("templates/NOTES.txt"));
    // No file of the chart to apply: the catalog examples live in the repository.
    assertThat(notes).doesNotContain("-f examples/");
    String values = Files.readString(RenderedChart.CHART.resolve("values.yaml"));
    assertThat(values).doesNotContain("and session pod images");
  }

  private static void assertRefused(Map<String, Object> sets, String path) {
    assertThatThrownBy(() -> RenderedChart.renderWith(sets))
        .as("%s is refused", sets)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(path);
  }

  /** Every key of values.yaml has a schema node (objects with properties are walked into). */
  private static void walk(JsonNode value, JsonNode schema, String path, List<String> missing) {
    if (!value.isObject() || !schema.has("properties")) {
      return;
    }
    for (Iterator<String> keys = value.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      JsonNode property = schema.get("properties").get(key);
      if (property == null) {
        missing.add(path + key);
      } else {
        walk(value.get(key), property, path + key + ".", missing);
      }
    }
  }
}
