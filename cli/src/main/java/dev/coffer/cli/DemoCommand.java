package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.Coffer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coffer demo}: runs {@link DemoTour} on a fresh temporary data directory. */
@Command(
    name = "demo",
    description = {
      "Take a narrated tour of what Coffer does so far.",
      "Runs on a fresh temporary data directory (--data is ignored). Each step shows the "
          + "equivalent coffer command, what happened, and ✓ if it behaved as narrated. "
          + "Exits 0 only if every step did."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String PASS = "✓";
  private static final String FAIL = "✗";
  private static final String DETAIL_INDENT = "      ";
  private static final int WIDTH = 100;

  @Spec CommandSpec spec;

  @Option(names = "--keep", description = "Keep the data directory to explore it afterwards.")
  boolean keep;

  @Override
  public Integer call() throws IOException {
    Invocation invocation = Invocation.of(spec);
    invocation.requireLocal("coffer demo");
    Output output = invocation.output();
    DataDirectory directory = new DataDirectory(Files.createTempDirectory("coffer-demo-"));
    List<DemoStep.Outcome> outcomes;
    try {
      outcomes = tour(invocation, directory, output);
    } finally {
      if (!keep) {
        deleteRecursively(directory.root());
      }
    }
    long failed = outcomes.stream().filter(o -> !o.ok()).count();
    output.result(
        json(directory, outcomes, failed), out -> summary(directory, outcomes, failed, out));
    return failed == 0 ? ExitCodes.OK : ExitCodes.INTERNAL_ERROR;
  }

  private List<DemoStep.Outcome> tour(
      Invocation invocation, DataDirectory directory, Output output) {
    output.line("Coffer demo: a tour of keys and objects on a fresh data directory,");
    output.line("  " + directory + (keep ? "" : " (deleted afterwards; --keep keeps it)"));
    output.line("Each step shows the equivalent command (add --data " + directory + ").");
    List<DemoStep> steps = DemoTour.steps();
    List<DemoStep.Outcome> outcomes = new ArrayList<>();
    directory.create(Optional.empty()).close();
    try (Coffer coffer = directory.openObjectStore(Optional.empty(), false)) {
      DemoTour.State state = new DemoTour.State(coffer, invocation.principal(), directory.root());
      for (int i = 0; i < steps.size(); i++) {
        DemoStep.Outcome outcome = steps.get(i).run(state);
        outcomes.add(outcome);
        output.line("");
        output.line(String.format("%2d. %s", i + 1, outcome.step().title()));
        output.line("    $ " + outcome.step().command());
        indented((outcome.ok() ? PASS : FAIL) + " " + outcome.detail()).forEach(output::line);
      }
    }
    return outcomes;
  }

  /**
   * A step's detail under its command: continuation lines (policies, explanations) indented past
   * the mark, and long lines wrapped at spaces, since denials explain themselves at length. A line
   * that is itself indented is laid out already (a policy, a table) and kept whole: wrapped, the
   * audit trail's table broke its rows into unreadable halves.
   */
  static List<String> indented(String detail) {
    List<String> lines = new ArrayList<>();
    String[] paragraphs = detail.split("\n", -1);
    for (int i = 0; i < paragraphs.length; i++) {
      String paragraph = paragraphs[i].stripTrailing();
      String words = paragraph.stripLeading();
      String lead = paragraph.substring(0, paragraph.length() - words.length());
      StringBuilder line = new StringBuilder(i == 0 ? "    " : DETAIL_INDENT).append(lead);
      int start = line.length();
      for (String word : words.split(" ", -1)) {
        if (line.length() > start && lead.isEmpty() && line.length() + 1 + word.length() > WIDTH) {
          lines.add(line.toString());
          line = new StringBuilder(DETAIL_INDENT).append(lead);
        } else if (line.length() > start) {
          line.append(' ');
        }
        line.append(word);
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private void summary(
      DataDirectory directory, List<DemoStep.Outcome> outcomes, long failed, PrintStream out) {
    out.println();
    if (failed == 0) {
      out.println(PASS + " All " + outcomes.size() + " steps behaved as narrated.");
    } else {
      out.println(
          FAIL + " " + failed + " of " + outcomes.size() + " steps did not behave as narrated.");
    }
    if (keep) {
      out.println("Kept " + directory + "; explore it with:");
      out.println("  coffer --data " + directory + " key describe " + DemoTour.ALIAS);
    }
  }

  private JsonObject json(DataDirectory directory, List<DemoStep.Outcome> outcomes, long failed) {
    JsonArray steps = new JsonArray();
    for (DemoStep.Outcome outcome : outcomes) {
      JsonObject step = new JsonObject();
      step.addProperty("title", outcome.step().title());
      step.addProperty("command", outcome.step().command());
      step.addProperty("ok", outcome.ok());
      step.addProperty("detail", outcome.detail());
      steps.add(step);
    }
    JsonObject document = new JsonObject();
    document.addProperty("dataDirectory", directory.root().toString());
    document.addProperty("kept", keep);
    document.add("steps", steps);
    document.addProperty("passed", outcomes.size() - failed);
    document.addProperty("failed", failed);
    return document;
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the demo directory " + root, e);
    }
  }
}
