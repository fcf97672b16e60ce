package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.KeyUsage;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Jobs and key usage as JSON and as text, the same facts in both. */
final class JobJson {
  private JobJson() {}

  static JsonObject job(JobStatus s) {
    JsonObject o = new JsonObject();
    o.addProperty("jobId", s.jobId());
    o.addProperty("kind", s.kind().name());
    o.addProperty("state", s.state().name());
    o.addProperty("phase", s.phase());
    o.addProperty("keyArn", s.keyArn());
    o.addProperty("targetVersion", s.targetVersion());
    s.bucket().ifPresent(b -> o.addProperty("bucket", b));
    o.addProperty("principal", s.principal().name());
    o.addProperty("total", s.total());
    o.addProperty("done", s.done());
    o.addProperty("skipped", s.skipped());
    o.addProperty("failed", s.failed());
    o.addProperty("progress", Math.round(s.progress() * 1000) / 1000.0);
    o.addProperty("itemsPerSecond", Math.round(s.itemsPerSecond()));
    s.eta().ifPresent(eta -> o.addProperty("etaSeconds", eta.toSeconds()));
    o.addProperty("created", s.created().toString());
    o.addProperty("updated", s.updated().toString());
    s.error().ifPresent(e -> o.addProperty("error", e));
    return o;
  }

  static JsonArray jobs(List<JobStatus> jobs) {
    JsonArray a = new JsonArray();
    jobs.forEach(j -> a.add(job(j)));
    return a;
  }

  static void describe(JobStatus s, PrintStream out) {
    Table t = Table.plain();
    t.row("Job:", s.jobId());
    t.row("Kind:", s.kind().name());
    t.row("State:", s.state().name() + (s.state().finished() ? "" : " (phase " + s.phase() + ")"));
    t.row("Key:", s.keyArn() + " -> version " + s.targetVersion());
    s.bucket().ifPresent(b -> t.row("Bucket:", b));
    t.row("Started by:", s.principal().name());
    t.row(
        "Progress:",
        String.format(
            Locale.ROOT,
            "%,d moved, %,d skipped, %,d failed of %,d (%d%%)",
            s.done(),
            s.skipped(),
            s.failed(),
            s.total(),
            Math.round(s.progress() * 100)));
    t.row("Rate:", String.format(Locale.ROOT, "%,.0f objects/s", s.itemsPerSecond()));
    s.eta().ifPresent(eta -> t.row("ETA:", JobWatch.duration(eta)));
    t.row("Created:", KeyText.date(s.created()));
    t.row("Updated:", KeyText.date(s.updated()));
    s.error().ifPresent(e -> t.row("Error:", e));
    t.print(out);
  }

  static JsonObject usage(KeyUsage u) {
    JsonObject o = new JsonObject();
    o.addProperty("keyArn", u.keyArn());
    o.addProperty("objects", u.objects());
    o.addProperty("bucketKeys", u.bucketKeys());
    JsonObject byBucket = new JsonObject();
    new TreeMap<>(u.objectsByBucket()).forEach(byBucket::addProperty);
    o.add("objectsByBucket", byBucket);
    JsonObject byVersion = new JsonObject();
    new TreeMap<>(u.objectsByVersion()).forEach((v, n) -> byVersion.addProperty(v.toString(), n));
    o.add("objectsByVersion", byVersion);
    JsonArray names = new JsonArray();
    u.objectNames().forEach(names::add);
    o.add("objectNames", names);
    return o;
  }

  /** The crypto-shredding report: what the key's destruction would make unreadable. */
  static void shredReport(KeyUsage u, PrintStream out) {
    if (u.objects() == 0 && u.bucketKeys() == 0) {
      out.println("Nothing stored in this Coffer depends on the key.");
      return;
    }
    out.printf(
        Locale.ROOT,
        "Destroying the key would make %,d %s unreadable (%,d %s):%n",
        u.objects(),
        u.objects() == 1 ? "object" : "objects",
        u.bucketKeys(),
        u.bucketKeys() == 1 ? "bucket key" : "bucket keys");
    Table t = Table.indented("  ").row("BUCKET", "OBJECTS");
    for (Map.Entry<String, Long> e : new TreeMap<>(u.objectsByBucket()).entrySet()) {
      t.row(e.getKey(), String.format(Locale.ROOT, "%,d", e.getValue()));
    }
    t.print(out);
    if (!u.objectNames().isEmpty()) {
      out.println("Objects:");
      u.objectNames().forEach(n -> out.println("  " + n));
      if (u.objectNames().size() < u.objects()) {
        out.printf(Locale.ROOT, "  ... and %,d more%n", u.objects() - u.objectNames().size());
      }
    }
  }
}
