package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** A smoke run of the small-object layout loop, so it cannot rot. */
@ResourceLock(Resources.SYSTEM_OUT) // the smoke tests swap System.out
class SmallObjectLayoutLoopTest {
  @Test
  void aSmallRun_printsBothLayoutsEachRound() throws Exception {
    String out =
        PrintedOutput.of(() -> SmallObjectLayoutLoop.main(new String[] {"20", "2", "100"}));
    assertThat(out)
        .contains("round 0:")
        .contains("round 1:")
        .contains("in record")
        .contains("in rows");
  }
}
