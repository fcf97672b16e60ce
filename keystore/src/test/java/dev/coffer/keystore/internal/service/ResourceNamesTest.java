package dev.coffer.keystore.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.NotFoundException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Parsing remembers its answers; the answers must be the ones a fresh parse gives. */
class ResourceNamesTest {
  private final ResourceNames names = new ResourceNames("local", "000000000000");

  @Test
  void parse_givesTheSameAnswerEveryTime_forEachFormOfName() {
    UUID id = UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      assertThat(names.parse(id.toString()).keyId()).contains(id);
      assertThat(names.parse(names.keyArn(id)).keyId()).contains(id);
      assertThat(names.parse("alias/app").aliasName()).contains("alias/app");
      assertThat(names.parse(names.aliasArn("alias/app")).aliasName()).contains("alias/app");
    }
  }

  @Test
  void parse_refusesBadNames_everyTime() {
    String otherAccount = "arn:aws:kms:local:111111111111:key/" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> names.parse("not a key"))
          .isInstanceOf(InvalidArgumentException.class);
      assertThatThrownBy(() -> names.parse(otherAccount)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> names.parse("alias/aws/reserved"))
          .isInstanceOf(InvalidArgumentException.class);
    }
  }

  @Test
  void parse_staysRight_pastTheNumberOfNamesItRemembers() {
    UUID first = UUID.randomUUID();
    names.parse(first.toString());
    for (int i = 0; i < 10_000; i++) {
      UUID id = UUID.randomUUID();
      assertThat(names.parse(id.toString()))
          .isEqualTo(new ResourceNames.KeyRef(Optional.of(id), Optional.empty()));
    }
    assertThat(names.parse(first.toString()).keyId()).contains(first);
  }
}
