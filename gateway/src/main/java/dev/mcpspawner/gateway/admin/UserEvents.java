package dev.mcpspawner.gateway.admin;

import dev.mcpspawner.crds.McpSpawner;
import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.gateway.auth.Principal;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What administrators did to a user, as Kubernetes Events on the McpUser (beside the audit log
 * line): in the API, every replica's user page lists the same recent actions, and {@code kubectl
 * describe mcpuser} shows them too. The operator's Events on the user (disabled, quota reached) are
 * listed with them. Messages carry field names and who acted, never values.
 */
public record UserEvents(KubernetesClient client, String namespace, Clock clock) {
  static final int RECENT = 20;
  private static final Logger LOG = LoggerFactory.getLogger(UserEvents.class);
  private static final String COMPONENT = "mcp-spawner-gateway";

  /**
   * Records one admin action on {@code user}; best effort: an action that was done is not undone
   * because its Event could not be written (the audit line has it).
   *
   * @param reason CamelCase, as Kubernetes reasons are (AdminUpdated, AdminRevoked, ...)
   */
  public void record(McpUser user, String reason, Principal admin, String what) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    String by = admin == null ? "an administrator" : admin.userId();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                user.getMetadata().getName()
                    + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE))
            .withNamespace(namespace)
            .addToLabels(McpSpawner.LABEL_MANAGED_BY, McpSpawner.MANAGED_BY)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(user.getApiVersion())
            .withKind(user.getKind())
            .withName(user.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(user.getMetadata().getUid())
            .endInvolvedObject()
            .withType("Normal")
            .withReason(reason)
            .withMessage(truncate(what + " by " + by))
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record {} on user {}: {}", reason, user.getMetadata().getName(), e.toString());
    }
  }

  /**
   * The newest Events on the McpUser of this name, newest first; none if the gateway may not list.
   */
  public List<SessionDebugView.EventView> recent(String name) {
    if (!Names.isDnsLabel(name)) {
      return List.of();
    }
    return ObjectEvents.on(client, namespace, name).stream()
        .filter(e -> "McpUser".equals(e.getInvolvedObject().getKind()))
        .sorted(
            Comparator.comparing(
                    (Event e) -> Objects.toString(SessionDebugView.EventView.lastSeen(e), ""))
                .reversed())
        .limit(RECENT)
        .map(SessionDebugView.EventView::of)
        .toList();
  }

  private static String truncate(String s) {
    return s.length() <= 1024 ? s : s.substring(0, 1021) + "...";
  }
}
