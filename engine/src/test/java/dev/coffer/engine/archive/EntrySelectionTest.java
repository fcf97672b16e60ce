package dev.coffer.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.coffer.keystore.InvalidArgumentException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

/** Members name an entry exactly, or a directory and all under it, segment by segment. */
class EntrySelectionTest {

  @Test
  void select_agreesWithTheRule_forEveryPathAndMembers() {
    qt().withExamples(2000)
        .forAll(lists().of(paths()).ofSizeBetween(1, 3), paths())
        .checkAssert(
            (members, path) -> {
              EntrySelection selection = EntrySelection.of(members);
              boolean expected =
                  members.stream().anyMatch(m -> path.equals(m) || path.startsWith(m + "/"));
              assertThat(selection.select(path)).as("%s in %s", path, members).isEqualTo(expected);
              boolean onTheWay = members.stream().anyMatch(m -> m.startsWith(path + "/"));
              assertThat(selection.leadsToAMember(path)).isEqualTo(onTheWay);
              assertThat(selection.unmatched())
                  .containsExactlyElementsOf(
                      members.stream()
                          .distinct()
                          .filter(m -> !(path.equals(m) || path.startsWith(m + "/")))
                          .toList());
            });
  }

  @Test
  void all_selectsEverything_andHasNothingToMatch() {
    EntrySelection all = EntrySelection.all();
    assertThat(all.select("any/thing")).isTrue();
    assertThat(all.isAll()).isTrue();
    assertThat(all.unmatched()).isEmpty();
    assertThat(EntrySelection.of(List.of()).isAll()).isTrue();
  }

  @Test
  void of_ignoresATrailingSlash() {
    EntrySelection selection = EntrySelection.of(List.of("docs//"));
    assertThat(selection.select("docs/a")).isTrue();
    assertThat(selection.unmatched()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "/etc/passwd", "../x", "a/../b", "./a", "a//b"})
  void of_aMemberNoEntryCanHave_isRefusedAsAUsageError(String member) {
    assertThatThrownBy(() -> EntrySelection.of(List.of("ok", member)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("member \"" + member + "\" cannot name an entry: ");
  }

  private static Gen<String> paths() {
    Gen<String> names = integers().between(0, 3).map(i -> List.of("a", "b", "ab", "a.b").get(i));
    return lists().of(names).ofSizeBetween(1, 3).map(n -> String.join("/", n));
  }
}
