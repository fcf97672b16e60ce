package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.InvalidCiphertextException;
import dev.coffer.keystore.NotFoundException;
import org.junit.jupiter.api.Test;

/** A demo step fails (✗) whenever what happened differs from what it narrates. */
class DemoStepTest {
  @Test
  void step_whoseCheckHolds_isOk() {
    DemoStep.Outcome outcome = new DemoStep("t", "coffer x", s -> "fine").run(null);

    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.detail()).isEqualTo("fine");
  }

  @Test
  void step_whoseExpectationFails_isNotOk() {
    DemoStep step =
        new DemoStep(
            "t",
            "coffer x",
            s -> {
              DemoStep.expect(false, "version 2 to be primary");
              return "unreachable";
            });

    DemoStep.Outcome outcome = step.run(null);

    assertThat(outcome.ok()).isFalse();
    assertThat(outcome.detail()).isEqualTo("expected version 2 to be primary");
  }

  @Test
  void step_thatThrowsAKeystoreError_isNotOkAndNamesTheError() {
    DemoStep step =
        new DemoStep(
            "t",
            "coffer x",
            s -> {
              throw new NotFoundException("no such key");
            });

    assertThat(step.run(null).detail()).isEqualTo("unexpected NOT_FOUND: no such key");
  }

  @Test
  void refused_returnsTheExpectedFailure() {
    assertThat(
            DemoStep.refused(
                    ErrorCode.INTEGRITY_FAILURE,
                    () -> {
                      throw new InvalidCiphertextException();
                    })
                .errorCode())
        .isEqualTo(ErrorCode.INTEGRITY_FAILURE);
  }

  @Test
  void refused_whenTheCallSucceeds_isAMismatch() {
    assertThatThrownBy(() -> DemoStep.refused(ErrorCode.KEY_DISABLED, () -> {}))
        .isInstanceOf(DemoStep.Mismatch.class)
        .hasMessage("expected KEY_DISABLED, but the call succeeded");
  }

  @Test
  void refused_withAnotherError_isAMismatch() {
    assertThatThrownBy(
            () ->
                DemoStep.refused(
                    ErrorCode.KEY_DISABLED,
                    () -> {
                      throw new NotFoundException("gone");
                    }))
        .isInstanceOf(DemoStep.Mismatch.class)
        .hasMessageContaining("expected KEY_DISABLED but got NOT_FOUND");
  }
}
