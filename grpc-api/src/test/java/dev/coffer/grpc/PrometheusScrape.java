package dev.coffer.grpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus' text format 0.0.4, parsed strictly enough for tests: every sample must
 * belong to a family announced by {@code # HELP} and {@code # TYPE} lines before it, and every line
 * must be one of the three.
 */
final class PrometheusScrape {
  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  record Sample(String name, Map<String, String> labels, double value) {}

  final String text;
  final Map<String, String> types = new LinkedHashMap<>();
  final Map<String, String> helps = new LinkedHashMap<>();
  final List<Sample> samples = new ArrayList<>();

  PrometheusScrape(String text) {
    this.text = text;
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = HELP.matcher(line)).matches()) {
        helps.put(m.group(1), m.group(2));
      } else if ((m = TYPE.matcher(line)).matches()) {
        if (!helps.containsKey(m.group(1))) {
          throw new AssertionError("TYPE before HELP: " + line);
        }
        types.put(m.group(1), m.group(2));
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String family = family(m.group(1));
        if (!types.containsKey(family)) {
          throw new AssertionError("a sample outside a declared family: " + line);
        }
        samples.add(new Sample(m.group(1), labels(m.group(2), line), value(m.group(3))));
      } else {
        throw new AssertionError("not a line of the text format: " + line);
      }
    }
  }

  /** The family a sample belongs to: a histogram's series have suffixes. */
  private String family(String sample) {
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      String base = sample.substring(0, Math.max(0, sample.length() - suffix.length()));
      if (sample.endsWith(suffix) && "histogram".equals(types.get(base))) {
        return base;
      }
    }
    return sample;
  }

  private static Map<String, String> labels(String text, String line) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new AssertionError("bad labels: " + line);
      }
      labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      at = m.end();
    }
    return labels;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** Samples of {@code name} whose labels include {@code labels}. */
  List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The sum of the samples of {@code name} whose labels include {@code labels}; 0 for none. */
  double sum(String name, Map<String, String> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  /** The one sample of {@code name} with exactly these labels. */
  double value(String name, Map<String, String> labels) {
    List<Sample> found =
        samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples " + name + labels + " in\n" + text);
    }
    return found.get(0).value();
  }
}
