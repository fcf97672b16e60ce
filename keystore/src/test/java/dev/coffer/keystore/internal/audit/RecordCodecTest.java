package dev.coffer.keystore.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import com.google.protobuf.CodedInputStream;
import dev.coffer.format.v1.AuditEventRecord;
import dev.coffer.format.v1.AuditLogRecord;
import dev.coffer.keystore.AuditEvent;
import dev.coffer.keystore.AuditOutcome;
import dev.coffer.keystore.Caller;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.Principal;
import dev.coffer.keystore.audit.AuditRecord;
import dev.coffer.keystore.testing.UnicodeStrings;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The hand-written event encoder and the framing agree with the schema: any event encodes to bytes
 * that the generated {@code AuditEventRecord} parser reads back field for field, frames carry them
 * intact with a hash that chains, and hashed context keys never keep their values.
 */
class RecordCodecTest {
  private static final byte[] HMAC_KEY = new byte[32];

  private static final Gen<String> TEXT = UnicodeStrings.ofLengthBetween(0, 24);
  private static final Gen<String> NAME =
      strings().betweenCodePoints('!', '~').ofLengthBetween(1, 40);
  private static final Gen<Optional<String>> MAYBE =
      booleans().all().zip(TEXT, (present, s) -> present ? Optional.of(s) : Optional.empty());
  private static final Gen<Map<String, String>> MAP =
      maps().of(UnicodeStrings.ofLengthBetween(1, 10), TEXT).ofSizeBetween(0, 5);

  private static final Gen<AuditEvent> EVENTS =
      NAME.zip(
              NAME,
              MAYBE,
              MAYBE,
              booleans().all(),
              (name, principal, address, via, readOnly) ->
                  new Object[] {name, principal, address, via, readOnly})
          .zip(
              MAP,
              MAP,
              MAP,
              integers().between(0, 7),
              (a, context, parameters, source, version) ->
                  new Object[] {a, context, parameters, source, version})
          .zip(
              longs().between(0, 4_102_444_800_000L),
              integers().between(0, 2),
              lists().of(NAME).ofSizeBetween(0, 3),
              integers().between(0, 3),
              (b, time, outcome, resources, long_) -> toEvent(b, time, outcome, resources, long_));

  @SuppressWarnings("unchecked")
  private static AuditEvent toEvent(
      Object[] b, long time, int outcome, List<String> resources, int longText) {
    Object[] a = (Object[]) b[0];
    Map<String, String> context = (Map<String, String>) b[1];
    Map<String, String> parameters = (Map<String, String>) b[2];
    Map<String, String> source = (Map<String, String>) b[3];
    int version = (Integer) b[4];
    AuditOutcome o = AuditOutcome.values()[outcome];
    String message = longText == 3 ? "x".repeat(EventEncoder.MAX_STRING + 5) : "failed: é ☃ 🔑";
    return new AuditEvent(
        Instant.ofEpochMilli(time),
        version % 2 == 0 ? "keystore" : "engine",
        (String) a[0],
        new Caller(
            Principal.of((String) a[1]),
            (Optional<String>) a[2],
            (Optional<String>) a[3],
            (Boolean) a[4],
            ((Optional<String>) a[2])
                .map(address -> "coffer-cli grpc-java-netty/1.76.0 " + address)),
        (Boolean) a[4],
        version == 0 ? Optional.empty() : Optional.of("arn:aws:kms:local:000000000000:key/" + a[0]),
        version == 0 ? OptionalInt.empty() : OptionalInt.of(version),
        EncryptionContext.of(context),
        parameters,
        o,
        o == AuditOutcome.ALLOWED ? Optional.empty() : Optional.of(ErrorCode.values()[version]),
        o == AuditOutcome.ALLOWED ? Optional.empty() : Optional.of(message),
        longText == 0 ? Optional.empty() : Optional.of("explained"),
        resources,
        source.isEmpty() ? Optional.empty() : Optional.of(EncryptionContext.of(source)));
  }

  private static String capped(String s) {
    return s.length() <= EventEncoder.MAX_STRING
        ? s
        : s.substring(0, EventEncoder.MAX_STRING) + EventEncoder.TRUNCATED;
  }

  @Test
  void anyEvent_encodesToWhatTheGeneratedParserReads() {
    EventEncoder encoder = new EventEncoder(new ContextHasher(Set.of(), HMAC_KEY));
    qt().withExamples(500)
        .forAll(EVENTS)
        .checkAssert(
            e -> {
              EventEncoder.Encoded encoded = encoder.encode(e);
              AuditEventRecord r = parse(encoded);
              assertThat(r.getEventVersion()).isEqualTo(1);
              assertThat(r.getEventId().size()).isEqualTo(16);
              assertThat(r.getEventTimeEpochMillis()).isEqualTo(e.eventTime().toEpochMilli());
              assertThat(r.getEventSource()).isEqualTo(e.eventSource());
              assertThat(r.getEventName()).isEqualTo(e.eventName());
              assertThat(r.getPrincipal()).isEqualTo(e.caller().principal().name());
              assertThat(r.getSourceAddress()).isEqualTo(e.caller().sourceAddress().orElse(""));
              assertThat(r.getViaService()).isEqualTo(e.caller().viaService().orElse(""));
              assertThat(r.getSecureTransport()).isEqualTo(e.caller().secureTransport());
              assertThat(r.getUserAgent()).isEqualTo(e.caller().userAgent().orElse(""));
              assertThat(r.getReadOnly()).isEqualTo(e.readOnly());
              assertThat(r.getRequestParametersMap()).isEqualTo(e.requestParameters());
              assertThat(r.getEncryptionContextMap()).isEqualTo(e.encryptionContext().asMap());
              assertThat(r.getSourceEncryptionContextMap())
                  .isEqualTo(e.sourceEncryptionContext().map(c -> c.asMap()).orElse(Map.of()));
              assertThat(r.getKeyArn()).isEqualTo(e.keyArn().orElse(""));
              assertThat(r.getKeyVersion()).isEqualTo(e.keyVersion().orElse(0));
              assertThat(r.getResourcesList())
                  .isEqualTo(
                      e.resources().stream()
                          .map(x -> e.keyArn().map(x::equals).orElse(false) ? "" : x)
                          .toList());
              assertThat(r.getOutcomeValue()).isEqualTo(e.outcome().ordinal() + 1);
              assertThat(r.getErrorCode()).isEqualTo(e.errorCode().map(Enum::name).orElse(""));
              assertThat(r.getErrorMessage()).isEqualTo(capped(e.errorMessage().orElse("")));
              assertThat(r.getAccessExplanation()).isEqualTo(e.accessExplanation().orElse(""));
              assertThat(r.toByteArray())
                  .as("the generated serializer writes the same bytes")
                  .hasSize(encoded.length);
            });
  }

  @Test
  void anyEvent_readsAsUnsealedUntilSealed_thenFramesWithAChainingHash() {
    EventEncoder encoder = new EventEncoder(new ContextHasher(Set.of(), HMAC_KEY));
    qt().withExamples(200)
        .forAll(EVENTS, longs().between(1, Long.MAX_VALUE / 2))
        .checkAssert(
            (e, sequence) -> {
              byte[] previous = new byte[32];
              Arrays.fill(previous, (byte) (sequence & 0x7f));
              EventEncoder.Encoded encoded = encoder.encode(e);
              Chain chain = new Chain(sequence);
              chain.build(Chain.EVENT_FIELD, encoded.bytes, encoded.length);
              byte[] segment = new byte[SegmentFormat.HEADER_SIZE + chain.frameLength + 64];
              System.arraycopy(SegmentFormat.header(), 0, segment, 0, SegmentFormat.HEADER_SIZE);
              System.arraycopy(
                  chain.frame, 0, segment, SegmentFormat.HEADER_SIZE, chain.frameLength);
              assertThat(new FrameReader(segment, segment.length).next())
                  .isEqualTo(FrameReader.Status.UNSEALED);
              byte[] sealedHash = chain.seal(previous);
              System.arraycopy(
                  chain.frame, 0, segment, SegmentFormat.HEADER_SIZE, chain.frameLength);
              FrameReader reader = new FrameReader(segment, segment.length);
              assertThat(reader.next()).isEqualTo(FrameReader.Status.FRAME);
              assertThat(reader.next()).isEqualTo(FrameReader.Status.END);
              AuditLogRecord record = parseRecord(segment, reader);
              assertThat(record.getSequence()).isEqualTo(sequence);
              assertThat(record.getPreviousHash().toByteArray()).isEqualTo(previous);
              byte[] hash =
                  Chain.hash(
                      Chain.newSha256(),
                      previous,
                      segment,
                      SegmentFormat.HEADER_SIZE + SegmentFormat.FRAME_PREFIX,
                      reader.recordLength());
              assertThat(sealedHash).isEqualTo(hash);
              AuditRecord view = RecordViews.event(sequence, record.getEvent(), previous, hash);
              assertThat(view.toJson()).contains("\"sequenceNumber\":" + sequence);
            });
  }

  @Test
  void hashedContextKeys_keepOnlyTheHmac() {
    ContextHasher hasher = new ContextHasher(Set.of("email"), HMAC_KEY);
    EventEncoder encoder = new EventEncoder(hasher);
    qt().withExamples(200)
        .forAll(EVENTS, UnicodeStrings.ofLengthBetween(0, 30))
        .checkAssert(
            (e, value) -> {
              EncryptionContext context = e.encryptionContext().with("email", value);
              AuditEvent hashed =
                  new AuditEvent(
                      e.eventTime(),
                      e.eventSource(),
                      e.eventName(),
                      e.caller(),
                      e.readOnly(),
                      e.keyArn(),
                      e.keyVersion(),
                      context,
                      e.requestParameters(),
                      e.outcome(),
                      e.errorCode(),
                      e.errorMessage(),
                      e.accessExplanation(),
                      e.resources(),
                      Optional.of(context));
              AuditEventRecord r = parse(encoder.encode(hashed));
              assertThat(r.getEncryptionContextMap().get("email")).isEqualTo(hasher.hash(value));
              assertThat(r.getSourceEncryptionContextMap().get("email"))
                  .isEqualTo(hasher.hash(value));
              assertThat(hasher.hash(value)).matches("hmac-sha256:[0-9a-f]{64}");
            });
  }

  private static AuditEventRecord parse(EventEncoder.Encoded encoded) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(encoded.bytes, 0, encoded.length);
      AuditEventRecord r = AuditEventRecord.parseFrom(in);
      in.checkLastTagWas(0);
      return r;
    } catch (java.io.IOException ex) {
      throw new AssertionError(ex);
    }
  }

  private static AuditLogRecord parseRecord(byte[] segment, FrameReader reader) {
    try {
      return AuditLogRecord.parseFrom(
          CodedInputStream.newInstance(
              segment,
              SegmentFormat.HEADER_SIZE + SegmentFormat.FRAME_PREFIX,
              reader.recordLength()));
    } catch (java.io.IOException ex) {
      throw new AssertionError(ex);
    }
  }
}
