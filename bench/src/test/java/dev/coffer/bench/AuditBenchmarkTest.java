package dev.coffer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** Runs every audit benchmark once without JMH, so the build proves they still work. */
class AuditBenchmarkTest {
  private static final String BLACKHOLE_CHALLENGE =
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

  @Test
  void everyBenchmarkRunsOnce_andEachIterationsDirectoryIsRemoved() throws Exception {
    Blackhole bh = new Blackhole(BLACKHOLE_CHALLENGE);
    AuditBenchmark benchmark = new AuditBenchmark();
    AuditBenchmark.NoSync noSync = new AuditBenchmark.NoSync();
    AuditBenchmark.Sync sync = new AuditBenchmark.Sync();
    AuditBenchmark.Unaudited unaudited = new AuditBenchmark.Unaudited();
    AuditBenchmark.Audited audited = new AuditBenchmark.Audited();
    for (AuditBenchmark.DataDirectory d :
        new AuditBenchmark.DataDirectory[] {noSync, sync, unaudited, audited}) {
      d.open();
    }
    noSync.event();
    sync.event();
    unaudited.request();
    audited.request();
    try {
      benchmark.appendWithoutSync(noSync);
      benchmark.appendWithGroupCommitSync(sync);
      benchmark.generateDataKeyUnaudited(unaudited, bh);
      benchmark.generateDataKeyAudited(audited, bh);
      assertThat(audited.auditLog().verify().events()).isEqualTo(3);
    } finally {
      for (AuditBenchmark.DataDirectory d :
          new AuditBenchmark.DataDirectory[] {noSync, sync, unaudited, audited}) {
        Path directory = d.directory;
        d.close();
        assertThat(directory).doesNotExist();
      }
    }
  }
}
