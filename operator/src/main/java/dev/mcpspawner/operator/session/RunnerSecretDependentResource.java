package dev.mcpspawner.operator.session;

import dev.mcpspawner.contracts.RunnerContract;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.RunnerKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The bearer token the gateway presents to the session's runner, derived from the runner key and
 * the session's identity ({@link RunnerContract#token}), so the gateway computes it again without
 * reading this Secret. Written once when the Secret is created (the runner reads it from the
 * mounted file), owned by the session so it goes with it.
 */
public class RunnerSecretDependentResource extends SessionOwnedResource<Secret> {

  public static final String COMPONENT = "runner-token";
  private final RunnerKey key = new RunnerKey();

  public RunnerSecretDependentResource() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(McpSession session, Context<McpSession> context) {
    SessionPlan plan = SessionPlan.inContext(context);
    String token =
        RunnerKeys.token(key.of(context.getClient(), plan.namespace()), session.getMetadata());
    Map<String, String> labels = ManagedLabels.forUser(COMPONENT, plan);
    labels.put(McpSpawner.LABEL_SESSION, plan.sessionName());
    return new SecretBuilder()
        .withNewMetadata()
        .withName(Names.runnerSecretName(plan.sessionName()))
        .withNamespace(plan.namespace())
        .withLabels(labels)
        .endMetadata()
        .withType("Opaque")
        .withImmutable(true)
        .withData(
            Map.of(
                RunnerContract.TOKEN_KEY,
                Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

  /** Selected by name: the desired Secret need not be computed to find the actual one. */
  @Override
  protected ResourceID targetSecondaryResourceID(McpSession session, Context<McpSession> context) {
    return new ResourceID(
        Names.runnerSecretName(session.getMetadata().getName()),
        session.getMetadata().getNamespace());
  }
}
