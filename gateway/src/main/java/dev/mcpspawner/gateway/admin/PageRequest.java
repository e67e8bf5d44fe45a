package dev.mcpspawner.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Server-side paging by a cursor: items are ordered by a sort key (unique per item), and {@code
 * continue} carries the key of the last item served, so a page never repeats or skips an item when
 * others are added or removed meanwhile (as Kubernetes' own {@code continue} does).
 *
 * @param limit at most this many items per page
 * @param after the key of the last item already served, or null for the first page
 */
public record PageRequest(int limit, String after) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** From the query parameters {@code limit} and {@code continue} (either may be null). */
  public static PageRequest of(String limit, String continueToken) {
    int n = DEFAULT_LIMIT;
    if (limit != null && !limit.isBlank()) {
      try {
        n = Integer.parseInt(limit.trim());
      } catch (NumberFormatException e) {
        throw AdminRequestException.badRequest("limit must be a number, got " + limit);
      }
      if (n < 1 || n > MAX_LIMIT) {
        throw AdminRequestException.badRequest("limit must be between 1 and " + MAX_LIMIT);
      }
    }
    String after = null;
    if (continueToken != null && !continueToken.isBlank()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(continueToken), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw AdminRequestException.badRequest("continue is not a value this API gave out");
      }
    }
    return new PageRequest(n, after);
  }

  /**
   * The page of {@code matching} after the cursor, in key order ({@code descending}: newest first,
   * for keys that start with a timestamp).
   */
  public <T> Page<T> apply(List<T> matching, Function<T, String> key, boolean descending) {
    Comparator<String> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
    List<T> sorted = matching.stream().sorted(Comparator.comparing(key, order)).toList();
    List<T> rest =
        after == null
            ? sorted
            : sorted.stream().filter(t -> order.compare(key.apply(t), after) > 0).toList();
    List<T> page = rest.subList(0, Math.min(limit, rest.size()));
    String next =
        rest.size() > limit
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    key.apply(page.get(page.size() - 1)).getBytes(StandardCharsets.UTF_8))
            : null;
    return new Page<>(page, matching.size(), next);
  }
}
