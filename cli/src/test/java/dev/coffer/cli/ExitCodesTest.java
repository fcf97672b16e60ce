package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExitCodesTest {
  private static final Map<ErrorCode, Integer> EXPECTED =
      Map.ofEntries(
          Map.entry(ErrorCode.INVALID_ARGUMENT, 2),
          Map.entry(ErrorCode.LIMIT_EXCEEDED, 2),
          Map.entry(ErrorCode.NOT_FOUND, 3),
          Map.entry(ErrorCode.ACCESS_DENIED, 4),
          Map.entry(ErrorCode.INTEGRITY_FAILURE, 5),
          Map.entry(ErrorCode.INCORRECT_KEY, 5),
          Map.entry(ErrorCode.ROLLBACK_DETECTED, 5),
          Map.entry(ErrorCode.KEY_DISABLED, 6),
          Map.entry(ErrorCode.KEY_PENDING_DELETION, 6),
          Map.entry(ErrorCode.KEY_DESTROYED, 6),
          Map.entry(ErrorCode.KEY_VERSION_RETIRED, 6),
          Map.entry(ErrorCode.THROTTLED, 7),
          Map.entry(ErrorCode.AUDIT_UNAVAILABLE, 8),
          Map.entry(ErrorCode.ALREADY_EXISTS, 9),
          Map.entry(ErrorCode.INVALID_STATE, 9),
          Map.entry(ErrorCode.PRECONDITION_FAILED, 9),
          Map.entry(ErrorCode.KEYSTORE_LOCKED, 10),
          Map.entry(ErrorCode.WRONG_ROOT_KEY, 10),
          Map.entry(ErrorCode.STORAGE_FAILURE, 10),
          Map.entry(ErrorCode.AUDIT_INTEGRITY_FAILURE, 11));

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyErrorCode_hasItsDocumentedExitCode(ErrorCode code) {
    assertThat(ExitCodes.of(code)).isEqualTo(EXPECTED.get(code));
  }

  @Test
  void descriptions_listEveryExitCodeOnce() {
    assertThat(ExitCodes.descriptions().keySet().stream().map(String::strip))
        .containsExactly(
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15",
            "141");
  }
}
