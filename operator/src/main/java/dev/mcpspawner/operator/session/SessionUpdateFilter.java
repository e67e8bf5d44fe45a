package dev.mcpspawner.operator.session;

import dev.mcpspawner.crds.McpSession;
import dev.mcpspawner.crds.McpSpawner;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of an McpSession wake its reconciler: a new generation, deletion, or fresh activity
 * from the gateway (so status.lastActivityAt and the idle deadline follow it at once). The
 * operator's own status patches change none of these and wake nothing.
 */
public final class SessionUpdateFilter implements OnUpdateFilter<McpSession> {
  @Override
  public boolean accept(McpSession updated, McpSession old) {
    var now = updated.getMetadata();
    var before = old.getMetadata();
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || (now.getDeletionTimestamp() != null && before.getDeletionTimestamp() == null)
        || !Objects.equals(
            lastActivity(now.getAnnotations()), lastActivity(before.getAnnotations()));
  }

  private static String lastActivity(Map<String, String> annotations) {
    return annotations == null ? null : annotations.get(McpSpawner.ANNOTATION_LAST_ACTIVITY);
  }
}
