package dev.mcpspawner.operator.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.RunnerKeys;
import dev.mcpspawner.crds.SessionPhase;
import dev.mcpspawner.crds.Transport;
import dev.mcpspawner.operator.testing.Catalog;
import dev.mcpspawner.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator, running against the mock API, turns sessions into claim, Secret and pod. */
class SessionResourcesTest {
  static final String NS = "sessions";

  @RegisterExtension
  static final OperatorHarness harness =
      new OperatorHarness(NS).configure(c -> c.httpPort(0)).before(SessionResourcesTest::catalog);

  private static void catalog(KubernetesClient client) {
    client.resource(Catalog.memory(NS)).create();
    client.resource(Catalog.everything(NS)).create();
    McpServerSpec http = new McpServerSpec();
    http.setTransport(Transport.STREAMABLE_HTTP);
    http.setImage("example/mcp-http:1");
    http.setPort(3000);
    http.setPath("/api/mcp");
    http.setArgs(List.of("--session", "{SESSION_ID}"));
    client.resource(Catalog.server(NS, "http", http)).create();
    McpServerSpec github = new McpServerSpec();
    github.setCommand("npx");
    github.setCredentials(
        List.of(
            new dev.mcpspawner.crds.Credential("GITHUB_TOKEN", "a token", true, null),
            new dev.mcpspawner.crds.Credential("_GITHUB_ORG", null, false, null)));
    client.resource(Catalog.server(NS, "github", github)).create();
  }

  @Test
  void sessionYieldsHomeClaimRunnerSecretAndSandboxPod() {
    McpSession session = harness.create(Catalog.session(NS, "alice@example.com", "memory"));
    String name = session.getMetadata().getName();
    Pod pod = harness.awaitPod(name);
    String user = Names.userSlug("alice@example.com");

    PersistentVolumeClaim claim =
        harness.client().persistentVolumeClaims().inNamespace(NS).withName("home-" + user).get();
    assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(claim.getMetadata().getLabels())
        .containsEntry(McpSpawner.LABEL_USER, user)
        .containsEntry(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
        .containsEntry(McpSpawner.LABEL_COMPONENT, "home");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getSpec().getResources().getRequests())
        .containsEntry("storage", new Quantity("1Gi"));

    // The pod and the Secret are made side by side (the kubelet waits for a mounted Secret).
    Secret secret =
        OperatorHarness.await()
            .until(
                () ->
                    harness
                        .client()
                        .secrets()
                        .inNamespace(NS)
                        .withName(Names.runnerSecretName(name))
                        .get(),
                s -> s != null);
    assertOwnedBy(secret.getMetadata().getOwnerReferences(), session);
    byte[] token =
        Base64.getUrlDecoder()
            .decode(
                new String(
                    Base64.getDecoder().decode(secret.getData().get(RunnerContract.TOKEN_KEY)),
                    StandardCharsets.US_ASCII));
    assertThat(token).hasSize(32);
    // Derived from the runner key the operator made, so the gateway can compute it too.
    Secret key =
        harness.client().secrets().inNamespace(NS).withName(RunnerContract.KEY_SECRET).get();
    assertThat(key.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(
            new String(
                Base64.getDecoder().decode(secret.getData().get(RunnerContract.TOKEN_KEY)),
                StandardCharsets.US_ASCII))
        .isEqualTo(RunnerKeys.token(RunnerKeys.key(key), session.getMetadata()));

    assertOwnedBy(pod.getMetadata().getOwnerReferences(), session);
    assertThat(pod.getMetadata().getLabels())
        .containsEntry(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
        .containsEntry(McpSpawner.LABEL_COMPONENT, "session")
        .containsEntry(McpSpawner.LABEL_USER, user)
        .containsEntry(McpSpawner.LABEL_SERVER, "memory")
        .containsEntry(McpSpawner.LABEL_SESSION, name)
        .containsEntry(McpSpawner.LABEL_INSTANCE, name)
        .containsEntry(McpSpawner.LABEL_EGRESS, "none")
        .containsEntry(McpSpawner.LABEL_HOME, "true");
    var spec = pod.getSpec();
    assertThat(spec.getAutomountServiceAccountToken()).isFalse();
    assertThat(spec.getEnableServiceLinks()).isFalse();
    assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    assertThat(List.of(spec.getHostNetwork(), spec.getHostPID(), spec.getHostIPC()))
        .containsOnly(false);
    assertThat(spec.getVolumes()).allMatch(v -> v.getHostPath() == null);
    assertThat(spec.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(spec.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(spec.getSecurityContext().getRunAsGroup()).isEqualTo(10001L);
    assertThat(spec.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(spec.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(
            spec.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
              assertThat(t.getLabelSelector().getMatchLabels())
                  .isEqualTo(Map.of(McpSpawner.LABEL_USER, user, McpSpawner.LABEL_HOME, "true"));
            });
    Container mcp = spec.getContainers().get(0);
    assertThat(spec.getContainers()).hasSize(1);
    assertThat(mcp.getName()).isEqualTo("mcp");
    assertThat(mcp.getImage()).isEqualTo(harness.config().runnerImage());
    assertThat(mcp.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(mcp.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(mcp.getSecurityContext().getPrivileged()).isFalse();
    assertThat(mcp.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(mcp.getPorts()).allMatch(p -> p.getHostPort() == null);
    assertThat(mcp.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(mcp.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(mcp.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(mcp.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    assertThat(mcp.getResources().getLimits()).containsKeys("cpu", "memory", "ephemeral-storage");
    assertThat(mcp.getResources().getRequests()).containsKeys("cpu", "memory", "ephemeral-storage");
    Map<String, String> env =
        mcp.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    String sessionDir = "/home/mcp/sessions/" + name;
    // The image's entrypoint is the runner; the server's command is its arguments.
    assertThat(mcp.getCommand()).isEmpty();
    assertThat(mcp.getArgs()).containsExactly("npx", "-y", "@modelcontextprotocol/server-memory");
    assertThat(env)
        .containsEntry(RunnerContract.Env.WORKDIR.name(), sessionDir)
        .containsEntry(RunnerContract.Env.PORT.name(), "8080")
        .containsEntry(RunnerContract.Env.TOKEN_FILE.name(), "/var/run/mcp-spawner/token")
        .containsEntry(RunnerContract.Env.SESSION_ID.name(), name)
        .containsEntry(RunnerContract.Env.SESSION_DIR.name(), sessionDir)
        .containsEntry(RunnerContract.Env.SESSION_DIR_POLICY.name(), "delete")
        .containsEntry("MEMORY_FILE_PATH", "/home/mcp/memory/claude-ai.json")
        .containsEntry("HOME", "/home/mcp");
    assertThat(mcp.getVolumeMounts())
        .extracting(m -> m.getMountPath() + ":" + m.getName() + ":" + m.getReadOnly())
        .containsExactlyInAnyOrder(
            "/tmp:tmp:false", "/var/run/mcp-spawner:runner-token:true", "/home/mcp:home:false");
    assertThat(spec.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo("tmp");
              assertThat(v.getEmptyDir()).isNotNull();
              assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("256Mi"));
            })
        .anySatisfy(
            v -> {
              assertThat(v.getSecret()).isNotNull();
              assertThat(v.getSecret().getSecretName()).isEqualTo(name + "-runner");
            })
        .anySatisfy(
            v -> {
              assertThat(v.getPersistentVolumeClaim()).isNotNull();
              assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("home-" + user);
            });
  }

  @Test
  void sessionBecomesReadyWithTheRunnerEndpointOncePodIsReady() {
    String name = create("bob", "everything");
    harness.awaitPod(name);
    McpSession starting = harness.awaitPhase(name, SessionPhase.Starting);
    assertThat(starting.getStatus().getPodName()).isEqualTo(name);
    assertThat(starting.getStatus().getStartedAt()).isNotNull();

    Pod pod = harness.kubelet.ready(name);

    McpSession ready = harness.awaitPhase(name, SessionPhase.Ready);
    assertThat(ready.getStatus().getEndpoint())
        .isEqualTo("http://" + pod.getStatus().getPodIP() + ":8080/mcp");
    assertThat(ready.getStatus().getReadyAt()).isNotNull();
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("PodReady");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(
            harness.client().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason()))
        .contains("PodCreated", "Ready");
  }

  @Test
  void serverWithoutStorageGetsNoClaimAndAnEphemeralUserDir() {
    String name = create("carol", "everything");
    Pod pod = harness.awaitPod(name);
    assertThat(pod.getSpec().getAffinity()).isNull();
    assertThat(pod.getMetadata().getLabels()).containsEntry(McpSpawner.LABEL_HOME, "false");
    assertThat(pod.getSpec().getVolumes()).noneMatch(v -> v.getPersistentVolumeClaim() != null);
    assertThat(
            harness.client().persistentVolumeClaims().inNamespace(NS).withName("home-carol").get())
        .isNull();
  }

  @Test
  void eachDeclaredCredentialIsAReferenceToTheUsersOwnSecretOfIt() {
    String name = create("erin", "github");
    List<io.fabric8.kubernetes.api.model.EnvVar> env =
        harness.awaitPod(name).getSpec().getContainers().get(0).getEnv();
    var token = env.stream().filter(e -> e.getName().equals("GITHUB_TOKEN")).findFirst().get();
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("cred-github.erin.github-token");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("GITHUB_TOKEN");
    assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
    var org = env.stream().filter(e -> e.getName().equals("_GITHUB_ORG")).findFirst().get();
    assertThat(org.getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(Names.credentialSecretName("erin", "github", "_GITHUB_ORG"));
    assertThat(org.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
  }

  @Test
  void streamableHttpSessionRunsTheImageItselfAndAdvertisesItsPortAndPath() {
    String name = create("dave", "http");
    Pod pod = harness.awaitPod(name);
    Container mcp = pod.getSpec().getContainers().get(0);
    assertThat(mcp.getImage()).isEqualTo("example/mcp-http:1");
    assertThat(mcp.getArgs()).containsExactly("--session", name);
    assertThat(mcp.getEnv()).noneMatch(e -> e.getName().startsWith("MCP_RUNNER_"));
    assertThat(mcp.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(3000);

    pod = harness.kubelet.ready(name);

    assertThat(harness.awaitPhase(name, SessionPhase.Ready).getStatus().getEndpoint())
        .isEqualTo("http://" + pod.getStatus().getPodIP() + ":3000/api/mcp");
  }

  @Test
  void oneUserSharesOneClaimAcrossSessionsAndKeepsItAfterTeardown() {
    String first = create("erin", "memory");
    String second = create("erin", "memory");
    Pod a = harness.awaitPod(first);
    Pod b = harness.awaitPod(second);
    assertThat(claimOf(a)).isEqualTo("home-erin").isEqualTo(claimOf(b));

    harness.client().resources(McpSession.class).inNamespace(NS).withName(first).delete();
    harness.awaitGone(first);

    assertThat(
            harness.client().persistentVolumeClaims().inNamespace(NS).withName("home-erin").get())
        .isNotNull();
    assertThat(
            harness
                .client()
                .persistentVolumeClaims()
                .inNamespace(NS)
                .withLabel(McpSpawner.LABEL_USER, "erin")
                .list()
                .getItems())
        .hasSize(1);
  }

  @Test
  void twoUsersNeverShareAClaimOrAPod() {
    Pod f = harness.awaitPod(create("frank", "memory"));
    Pod g = harness.awaitPod(create("grace", "memory"));
    assertThat(f.getMetadata().getName()).isNotEqualTo(g.getMetadata().getName());
    assertThat(claimOf(f)).isEqualTo("home-frank");
    assertThat(claimOf(g)).isEqualTo("home-grace");
    assertThat(
            f.getSpec()
                .getAffinity()
                .getPodAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .get(0)
                .getLabelSelector()
                .getMatchLabels())
        .containsEntry(McpSpawner.LABEL_USER, "frank");
  }

  @Test
  void operationsEndpointsServeHealthAndPrometheusMetrics() throws Exception {
    String name = create("hank", "everything");
    harness.awaitPod(name);
    harness.kubelet.ready(name);
    harness.awaitPhase(name, SessionPhase.Ready);
    var http = java.net.http.HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + harness.operator().httpPort();

    for (String path : List.of("/healthz", "/readyz")) {
      assertThat(get(http, base + path).statusCode()).as(path).isEqualTo(200);
    }
    String metrics = get(http, base + "/metrics").body();
    assertThat(metrics)
        .contains("mcpspawner_sessions{phase=\"Ready\"}")
        .contains("mcpspawner_session_teardowns_total{reason=\"IdleTimeout\"}")
        .contains("mcpspawner_session_ready_seconds_bucket")
        .contains("operator_sdk_");
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url)
      throws Exception {
    return http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** Creates a session for {@code user} on {@code server}; returns its name. */
  private static String create(String user, String server) {
    return harness.create(Catalog.session(NS, user, server)).getMetadata().getName();
  }

  private static String claimOf(Pod pod) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null)
        .findFirst()
        .orElseThrow()
        .getPersistentVolumeClaim()
        .getClaimName();
  }

  private static void assertOwnedBy(List<OwnerReference> refs, McpSession session) {
    assertThat(refs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getKind()).isEqualTo("McpSession");
              assertThat(r.getApiVersion()).isEqualTo("mcpspawner.dev/v1alpha1");
              assertThat(r.getName()).isEqualTo(session.getMetadata().getName());
              assertThat(r.getUid()).isEqualTo(session.getMetadata().getUid());
              assertThat(r.getController()).isTrue();
            });
  }
}
