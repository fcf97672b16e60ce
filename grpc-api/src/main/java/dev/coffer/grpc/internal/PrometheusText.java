package dev.coffer.grpc.internal;

import java.math.BigDecimal;

/**
 * Writes Prometheus' text exposition format 0.0.4: a family's {@code # HELP} and {@code # TYPE}
 * lines, then its samples, one a line.
 */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(8192);

  /** Starts a metric family; {@code type} is counter, gauge or histogram. */
  PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /**
   * One sample.
   *
   * @param labels label pairs as they go between the braces, already escaped; empty for none
   */
  PrometheusText sample(String name, String labels, String value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(value).append('\n');
    return this;
  }

  PrometheusText sample(String name, String labels, long value) {
    return sample(name, labels, Long.toString(value));
  }

  /** Nanoseconds as seconds, exactly, in plain decimal notation. */
  static String seconds(long nanos) {
    return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
  }

  /** Milliseconds as seconds, exactly, in plain decimal notation. */
  static String secondsFromMillis(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  /** A bucket bound as Prometheus' own clients write it: 0.0005, 1, 2.5, 10. */
  static String bound(double seconds) {
    return BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
  }

  /** Escapes a label value: backslash, double quote and line feed. */
  static String escape(String value) {
    StringBuilder escaped = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> escaped.append("\\\\");
        case '"' -> escaped.append("\\\"");
        case '\n' -> escaped.append("\\n");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
