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
}
