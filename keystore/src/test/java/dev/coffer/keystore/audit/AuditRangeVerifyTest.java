package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.AuditTesting;
import dev.coffer.keystore.CreateKeyRequest;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.Keystore;
import dev.coffer.keystore.KeystoreFixture;
import dev.coffer.keystore.internal.audit.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifying a range reads from the signed digest that starts the segment holding its first record
 * to the first digest at or after its last, which vouches for it; damage elsewhere is not its
 * business, damage inside it is found.
 */
class AuditRangeVerifyTest {
  @TempDir Path dir;

  @Test
  void aRange_isVerifiedFromTheDigestBeforeIt_toTheDigestAfterIt() throws Exception {
    try (Keystore ks =
        AuditTesting.builder(
                dir,
                AuditTesting.logConfig(dir)
                    .segmentSize(AuditLogConfig.MIN_SEGMENT_SIZE)
                    .digestEvery(10, Duration.ofHours(1)))
            .open()) {
      KeyService kms = ks.as(KeystoreFixture.ADMIN);
      String keyId = kms.createKey(CreateKeyRequest.defaults()).keyId();
      for (int i = 0; i < 150; i++) {
        kms.describeKey(keyId);
      }
      AuditLog log = ks.auditLog().orElseThrow();
      List<Path> segments = LogFiles.segments(dir.resolve("audit"));
      assertThat(segments).hasSizeGreaterThan(3);
      List<LogFiles.Frame> frames = LogFiles.frames(dir.resolve("audit"));
      long from = frames.get(frames.size() / 2).sequence();
      VerificationReport range = log.verify(from, from + 5);
      assertThat(range.intact()).as(range.summary()).isTrue();
      assertThat(range.firstSequence()).isGreaterThan(1).isLessThanOrEqualTo(from);
      assertThat(range.startsAt()).contains("signed digest");
      assertThat(range.lastSequence()).isGreaterThanOrEqualTo(from + 5);
      assertThat(range.lastSequence()).isLessThan(frames.get(frames.size() - 1).sequence());

      // Damage in the first segment is outside the range: the range still verifies, the log not.
      byte[] first = Files.readAllBytes(segments.get(0));
      first[40] ^= 1;
      Files.write(segments.get(0), first);
      assertThat(log.verify(from, from + 5).intact()).isTrue();
      assertThat(log.verify().intact()).isFalse();
      Files.write(segments.get(0), flip(first, 40));

      // Damage inside the range is found.
      LogFiles.Frame inside = null;
      for (LogFiles.Frame f : frames) {
        if (f.sequence() == from + 2) {
          inside = f;
        }
      }
      byte[] bytes = Files.readAllBytes(inside.segment());
      Files.write(inside.segment(), flip(bytes, inside.offset() + 30));
      VerificationReport broken = log.verify(from, from + 5);
      assertThat(broken.problem().orElseThrow().sequence()).isEqualTo(from + 2);
      Files.write(inside.segment(), bytes);
    }
  }

  private static byte[] flip(byte[] bytes, int at) {
    byte[] copy = bytes.clone();
    copy[at] ^= 1;
    return copy;
  }
}
