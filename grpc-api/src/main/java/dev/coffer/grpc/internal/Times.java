package dev.coffer.grpc.internal;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Instants and durations to and from their protobuf forms. */
final class Times {
  private Times() {}

  static Timestamp toProto(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  static Instant fromProto(Timestamp t) {
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
}
