package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Smoke runs of the audited-object loop, so it cannot rot. */
@ResourceLock(Resources.SYSTEM_OUT) // the smoke tests swap System.out
class AuditedObjectLoopTest {
  @Test
  void aSmallRun_printsBothSidesEachRound() throws Exception {
    String out = PrintedOutput.of(() -> AuditedObjectLoop.main(new String[] {"20", "2"}));
    assertThat(out)
        .contains("round 0 audited")
        .contains("round 0 unaudited")
        .contains("round 1 audited")
        .contains("round 1 unaudited");
  }

  @Test
  void oneSide_runsOnlyThatSide() throws Exception {
    String out =
        PrintedOutput.of(() -> AuditedObjectLoop.main(new String[] {"20", "1", "audited"}));
    assertThat(out).contains("round 0 audited").doesNotContain("unaudited");
  }
}
