package dev.coffer.grpc.internal;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.coffer.keystore.InvalidArgumentException;
import java.time.Instant;
import java.util.Optional;

/** Instants and durations to and from their protobuf forms. */
final class Times {
  private Times() {}

  static Timestamp toProto(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** Timestamp's own range (google/protobuf/timestamp.proto): 0001-01-01 to 9999-12-31 UTC. */
  private static final long MIN_SECONDS = -62_135_596_800L;

  private static final long MAX_SECONDS = 253_402_300_799L;

  /**
   * @throws InvalidArgumentException for a timestamp outside the range that timestamp.proto allows
   *     (a request's, say a query's since or until; they would otherwise fail as internal errors)
   */
  static Instant fromProto(Timestamp t) {
    if (t.getSeconds() < MIN_SECONDS
        || t.getSeconds() > MAX_SECONDS
        || t.getNanos() < 0
        || t.getNanos() > 999_999_999) {
      throw new InvalidArgumentException(
          "timestamps are 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z, with nanos 0 to"
              + " 999999999; not seconds "
              + t.getSeconds()
              + ", nanos "
              + t.getNanos());
    }
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  /** Empty when the field is absent. */
  static Optional<Instant> fromProto(boolean present, Timestamp t) {
    return present ? Optional.of(fromProto(t)) : Optional.empty();
  }

  static Duration toProto(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }

  static java.time.Duration fromProto(Duration d) {
    return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  /** Duration's own range (google/protobuf/duration.proto): about +-10,000 years. */
  private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

  /**
   * A duration a request gives.
   *
   * @throws InvalidArgumentException for one outside the range that duration.proto allows (whose
   *     conversion could otherwise overflow into an internal error)
   */
  static java.time.Duration fromRequest(Duration d) {
    long seconds = d.getSeconds();
    int nanos = d.getNanos();
    if (Math.abs(seconds) > MAX_DURATION_SECONDS
        || Math.abs(nanos) > 999_999_999
        || (seconds > 0 && nanos < 0)
        || (seconds < 0 && nanos > 0)) {
      throw new InvalidArgumentException(
          "durations are at most 315576000000 seconds either way, with nanos -999999999 to"
              + " 999999999 of the seconds' sign; not seconds "
              + seconds
              + ", nanos "
              + nanos);
    }
    return fromProto(d);
  }
}
