package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** A smoke run of the audited GenerateDataKey loop, so it cannot rot. */
@ResourceLock(Resources.SYSTEM_OUT) // the smoke tests swap System.out
class AuditedDataKeyLoopTest {
  @Test
  void aSmallRun_printsBothSidesEachRound() throws Exception {
    String out = PrintedOutput.of(() -> AuditedDataKeyLoop.main(new String[] {"50", "2"}));
    assertThat(out).contains("round 0:").contains("round 1:").contains("auditing adds");
  }
}
