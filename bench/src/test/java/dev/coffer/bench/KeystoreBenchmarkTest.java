package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark method once, without JMH, so that a build proves the benchmarks still work
 * against the current keystore (a benchmark that throws would otherwise only show up when someone
 * runs JMH by hand).
 */
class KeystoreBenchmarkTest {
  private static final String BLACKHOLE_CHALLENGE =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  @Test
  void everyBenchmarkRunsOnceAndTeardownRemovesTheKeystore() throws Exception {
    Blackhole bh = new Blackhole(BLACKHOLE_CHALLENGE);
    KeystoreBenchmark benchmark = new KeystoreBenchmark();
    KeystoreBenchmark.RawCipher raw = new KeystoreBenchmark.RawCipher();
    benchmark.setUp();
    raw.setUp();
    Path directory = benchmark.directory();
    try {
      benchmark.generateDataKey(bh);
      benchmark.decrypt(bh);
      benchmark.reEncrypt(bh);
      benchmark.generateDataKeyThenDecrypt(bh);
      benchmark.rawAesGcmEncrypt32(raw, bh);
      benchmark.rawAesGcmDecrypt32(raw, bh);
      benchmark.rawAesGcmPair(raw, bh);
    } finally {
      benchmark.tearDown();
    }
    assertThat(directory).doesNotExist();
  }
}
