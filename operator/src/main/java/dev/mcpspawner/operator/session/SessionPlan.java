package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.AccessMode;
import dev.mcpspawner.crds.Durations;
import dev.mcpspawner.crds.McpServer;
import dev.mcpspawner.crds.McpServerSpec;
import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.Storage;
import dev.mcpspawner.crds.Transport;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.OperatorConfig;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.util.Map;

/**
 * One session resolved against its McpServer and the operator's defaults: everything the dependents
 * need to build the claim, the secret and the pod, and the deadlines of its life.
 */
public record SessionPlan(
    McpSession session,
    McpServerSpec server,
    OperatorConfig config,
    String userSlug,
    String instanceSlug,
    boolean home,
    String homeClaimName,
    AccessMode homeAccessMode,
    String homeSize,
    String homeStorageClass,
    String userDir,
    String sessionDir,
    Map<String, String> variables,
    Duration idleTimeout,
    Duration maxLifetime,
    Duration startTimeout) {

  /** Where {USER_DIR} points when the server mounts no home volume. */
  public static final String EPHEMERAL_USER_DIR = "/tmp/home";

  /**
   * Makes this the plan of the reconcile {@code context} belongs to, for its dependents: {@link
   * McpSessionReconciler} does before the dependents run.
   */
  void putInto(Context<?> context) {
    context.managedWorkflowAndDependentResourceContext().put(SessionPlan.class, this);
  }

  /** The plan {@link #putInto} left in {@code context}. */
  static SessionPlan inContext(Context<?> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(SessionPlan.class, SessionPlan.class);
  }

  /** Resolves {@code session} against a McpServer that passed {@code McpServerValidator}. */
  public static SessionPlan of(McpSession session, McpServer server, OperatorConfig config) {
    return of(session, server, config, null);
  }

  /**
   * As {@link #of(McpSession, McpServer, OperatorConfig)}, for a user whose quota is {@code quota}:
   * its storage, when set, sizes a new home volume (above the server's and the default).
   */
  public static SessionPlan of(
      McpSession session, McpServer server, OperatorConfig config, UserQuota quota) {
    McpServerSpec spec = server.getSpec();
    String sessionName = session.getMetadata().getName();
    String userSlug = Names.userSlug(session.getSpec().getUser());
    String instance = session.getSpec().getInstance();
    String instanceSlug =
        Names.safeSlug(instance == null || instance.isEmpty() ? sessionName : instance);
    String clientName =
        session.getSpec().getClient() == null ? null : session.getSpec().getClient().getName();
    String instanceType =
        clientName == null || clientName.isBlank() ? "unknown" : Names.safeSlug(clientName);
    Storage storage = spec.getStorage();
    boolean home = storage != null && storage.isHome();
    String userDir = home ? storage.getMountPath() : EPHEMERAL_USER_DIR;
    String sessionDir = userDir + "/sessions/" + Names.safeSlug(sessionName);
    AccessMode accessMode =
        storage != null && storage.getAccessMode() != null
            ? storage.getAccessMode()
            : config.homeAccessMode();
    return new SessionPlan(
        session,
        spec,
        config,
        userSlug,
        instanceSlug,
        home,
        Names.homeClaimName(userSlug),
        accessMode,
        quota != null && quota.getStorage() != null
            ? quota.getStorage().toString()
            : storage != null && storage.getSize() != null ? storage.getSize() : config.homeSize(),
        storage != null && storage.getStorageClassName() != null
            ? storage.getStorageClassName()
            : config.homeStorageClass(),
        userDir,
        sessionDir,
        Map.of(
            TemplateVariables.SESSION_ID, Names.safeSlug(sessionName),
            TemplateVariables.USER_ID, userSlug,
            TemplateVariables.SERVER_NAME, Names.safeSlug(server.getMetadata().getName()),
            TemplateVariables.INSTANCE_TYPE, instanceType,
            TemplateVariables.SESSION_DIR, sessionDir,
            TemplateVariables.USER_DIR, userDir),
        Durations.parseOr(spec.getIdleTimeout(), config.idleTimeout()),
        Durations.parseOr(spec.getMaxLifetime(), config.maxLifetime()),
        Durations.parseOr(spec.getStartTimeout(), config.startTimeout()));
  }

  public String sessionName() {
    return session.getMetadata().getName();
  }

  public String namespace() {
    return session.getMetadata().getNamespace();
  }

  public Transport transport() {
    return server.getTransport() == null ? Transport.STDIO : server.getTransport();
  }

  public String substitute(String text) {
    return TemplateVariables.substitute(text, variables);
  }
}
