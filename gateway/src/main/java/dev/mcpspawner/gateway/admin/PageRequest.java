package dev.mcpspawner.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
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
   * for keys that start with a timestamp). Each key is computed once, and only the page (plus one,
   * to know whether more follow) is kept in order: O(n log limit), not a sort of everything.
   */
  public <T> Page<T> apply(List<T> matching, Function<T, String> key, boolean descending) {
    return apply(matching, key, Function.identity(), Function.identity(), descending);
  }

  /**
   * As {@link #apply(List, Function, boolean)}, with keys that are cheaper to make and compare than
   * their text: only the cursor is text ({@code cursorOf}; {@code fromCursor} reads it back,
   * throwing IllegalArgumentException for text it did not make), and the key order must be the
   * order of those texts.
   */
  public <T, K extends Comparable<K>> Page<T> apply(
      List<T> matching,
      Function<T, K> key,
      Function<K, String> cursorOf,
      Function<String, K> fromCursor,
      boolean descending) {
    K from;
    try {
      from = after == null ? null : fromCursor.apply(after);
    } catch (IllegalArgumentException e) {
      throw AdminRequestException.badRequest("continue is not a value this API gave out");
    }
    Comparator<K> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
    Comparator<Keyed<T, K>> byKey = Comparator.comparing(Keyed::key, order);
    // The last of the first limit + 1 items in key order sits on top, to be dropped first.
    PriorityQueue<Keyed<T, K>> first = new PriorityQueue<>(limit + 2, byKey.reversed());
    for (T item : matching) {
      K k = key.apply(item);
      if (from != null && order.compare(k, from) <= 0) {
        continue;
      }
      if (first.size() > limit && order.compare(k, first.peek().key()) >= 0) {
        continue; // after all of the first limit + 1 so far: not on this page
      }
      first.add(new Keyed<>(k, item));
      if (first.size() > limit + 1) {
        first.poll();
      }
    }
    List<Keyed<T, K>> sorted = new ArrayList<>(first);
    sorted.sort(byKey);
    List<T> page =
        sorted.subList(0, Math.min(limit, sorted.size())).stream().map(Keyed::item).toList();
    String next =
        sorted.size() > limit
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    cursorOf.apply(sorted.get(limit - 1).key()).getBytes(StandardCharsets.UTF_8))
            : null;
    return new Page<>(page, matching.size(), next);
  }

  private record Keyed<T, K>(K key, T item) {}
}
