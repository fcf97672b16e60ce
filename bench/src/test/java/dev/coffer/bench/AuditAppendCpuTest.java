package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** A smoke run of the append CPU harness, so it cannot rot. */
@ResourceLock(Resources.SYSTEM_OUT) // the smoke tests swap System.out
class AuditAppendCpuTest {
  @Test
  void aSmallRun_printsEachRound() throws Exception {
    String out = PrintedOutput.of(() -> AuditAppendCpu.main(new String[] {"100", "2"}));
    assertThat(out)
        .contains("round 0:")
        .contains("round 1:")
        .contains("appender")
        .contains("sealer")
        .contains("background");
  }
}
