package dev.mcpspawner.operator.user;

import dev.mcpspawner.crds.McpUser;
import dev.mcpspawner.crds.Names;
import dev.mcpspawner.crds.UserQuota;
import dev.mcpspawner.operator.Timestamps;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;

/**
 * What the CRD schema cannot check about a McpUser. Each problem is a sentence an administrator can
 * act on; an empty list means the object says what it seems to say.
 */
public final class McpUserValidator {
  private McpUserValidator() {}

  public static List<String> problems(McpUser user) {
    List<String> problems = new ArrayList<>();
    var spec = user.getSpec();
    if (spec == null || spec.getSubject() == null || spec.getSubject().isEmpty()) {
      problems.add("spec.subject is required: the user id sign-in reports");
      return problems;
    }
    String expected = Names.userSlug(spec.getSubject());
    if (!expected.equals(user.getMetadata().getName())) {
      problems.add(
          "the name must be the slug of spec.subject '"
              + spec.getSubject()
              + "', which is '"
              + expected
              + "': sign-in looks the user up by that name, so this object applies to no one;"
              + " create it as "
              + expected
              + " instead");
    }
    UserQuota quota = spec.getQuota();
    if (quota != null) {
      quantity("spec.quota.cpu", quota.getCpu(), problems);
      quantity("spec.quota.memory", quota.getMemory(), problems);
      quantity("spec.quota.storage", quota.getStorage(), problems);
    }
    String notBefore = spec.getTokensNotBefore();
    if (notBefore != null && !notBefore.isBlank() && Timestamps.parse(notBefore).isEmpty()) {
      problems.add(
          "spec.tokensNotBefore '"
              + notBefore
              + "' is not an RFC 3339 instant (e.g. 2026-03-01T09:00:00Z): no token is revoked"
              + " by it");
    }
    return problems;
  }

  private static void quantity(String field, Quantity q, List<String> problems) {
    if (q == null) {
      return;
    }
    try {
      if (q.getNumericalAmount().signum() < 0) {
        problems.add(field + " is " + q + ": a quota cannot be negative");
      }
    } catch (RuntimeException e) {
      problems.add(field + " '" + q + "' is not a quantity (e.g. 500m, 2, 4Gi)");
    }
  }
}
