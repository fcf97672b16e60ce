package dev.coffer.keystore.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.keystore.internal.audit.LogFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit log written by format version 1 must verify forever, with either public key export. */
class GoldenAuditLogTest {
  @ParameterizedTest
  @ValueSource(strings = {"public.pem", "public.json"})
  void goldenLog_verifiesWithItsPublicKey(String keyFile) throws Exception {
    Path golden = Path.of(getClass().getResource("/golden/audit-v1").toURI());
    Properties expected = new Properties();
    try (InputStream in = Files.newInputStream(golden.resolve("expected.properties"))) {
      expected.load(in);
    }
    String key = Files.readString(golden.resolve(keyFile), StandardCharsets.UTF_8);
    AuditHead head = AuditHead.parse(expected.getProperty("head"));
    VerificationReport report = AuditLog.verifyCopy(golden, key, Optional.of(head));
    assertThat(report.intact()).as(report.summary()).isTrue();
    assertThat(report.events()).isEqualTo(Long.parseLong(expected.getProperty("events")));
    assertThat(report.digests()).isEqualTo(Long.parseLong(expected.getProperty("digests")));
    assertThat(report.lastSequence()).isEqualTo(head.sequence());
    var frames = LogFiles.frames(golden);
    assertThat(frames.get(0).record().getEvent().getEventName()).isEqualTo("CreateKey");
    assertThat(frames.get(2).record().getEvent().getEventName()).isEqualTo("GenerateDataKey");
    assertThat(frames.get(2).record().getEvent().getEncryptionContextMap().get("email"))
        .startsWith("hmac-sha256:");
  }
}
