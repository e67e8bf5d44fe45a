package dev.mcpspawner.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void aCursorNeitherRepeatsNorSkipsWhenItemsAreAddedAndRemovedBetweenPages() {
    List<String> items = new ArrayList<>(List.of("b", "d", "f", "h"));
    Page<String> first = PageRequest.of("2", null).apply(items, Function.identity(), false);
    assertThat(first.items()).containsExactly("b", "d");
    items.add("a"); // before the cursor: not served now, nothing shifts
    items.remove("f");
    Page<String> second =
        PageRequest.of("2", first.next()).apply(items, Function.identity(), false);
    assertThat(second.items()).containsExactly("h");
    assertThat(second.next()).isNull();
    assertThat(second.total()).isEqualTo(4);
  }

  @Test
  void descendingPagesGoNewestFirst() {
    List<String> keys = List.of("001 a", "003 c", "002 b");
    Page<String> first = PageRequest.of("2", null).apply(keys, Function.identity(), true);
    assertThat(first.items()).containsExactly("003 c", "002 b");
    assertThat(PageRequest.of("2", first.next()).apply(keys, Function.identity(), true).items())
        .containsExactly("001 a");
  }

  @Test
  void limitsOutsideOneToFiveHundredAndForeignCursorsAreBadRequests() {
    assertThatThrownBy(() -> PageRequest.of("0", null)).isInstanceOf(AdminRequestException.class);
    assertThatThrownBy(() -> PageRequest.of("501", null)).isInstanceOf(AdminRequestException.class);
    assertThatThrownBy(() -> PageRequest.of("ten", null)).isInstanceOf(AdminRequestException.class);
    assertThatThrownBy(() -> PageRequest.of(null, "***")).isInstanceOf(AdminRequestException.class);
    assertThat(PageRequest.of(null, null).limit()).isEqualTo(PageRequest.DEFAULT_LIMIT);
  }

  @Test
  void pagingThroughAShuffledListServesEveryItemOnceInOrderAndComputesEachKeyOncePerPage() {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add("%04d".formatted(i));
    }
    java.util.Collections.shuffle(items, new java.util.Random(7));
    for (boolean descending : List.of(false, true)) {
      List<String> served = new ArrayList<>();
      java.util.concurrent.atomic.AtomicInteger keys =
          new java.util.concurrent.atomic.AtomicInteger();
      Function<String, String> key =
          s -> {
            keys.incrementAndGet();
            return s;
          };
      String cursor = null;
      int pages = 0;
      do {
        Page<String> page = PageRequest.of("7", cursor).apply(items, key, descending);
        served.addAll(page.items());
        cursor = page.next();
        pages++;
      } while (cursor != null);
      List<String> expected = new ArrayList<>(items);
      expected.sort(descending ? java.util.Comparator.reverseOrder() : null);
      assertThat(served).isEqualTo(expected);
      assertThat(pages).isEqualTo(143);
      assertThat(keys.get()).isEqualTo(pages * items.size());
    }
  }
}
