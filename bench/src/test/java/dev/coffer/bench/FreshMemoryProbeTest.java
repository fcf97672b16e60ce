package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** A smoke run of the fresh-memory probe, at a size that costs nothing. */
@ResourceLock(Resources.SYSTEM_OUT) // the smoke tests swap System.out
class FreshMemoryProbeTest {
  @Test
  void aTinyRun_printsEveryStepOfBothParts() throws Exception {
    String out = PrintedOutput.of(() -> FreshMemoryProbe.main(new String[] {"2", "64"}));
    assertThat(out)
        .contains("fresh off-heap memory, step 0")
        .contains("fresh off-heap memory, step 1")
        .contains("file growing through the page cache, step 1")
        .contains("us per page");
  }
}
