package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.GetObjectRequest;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.ObjectContent;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.ObjectSummary;
import dev.coffer.keystore.CofferException;
import dev.coffer.keystore.ErrorCode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer verify}: reads every object under a bucket or prefix through the full get path, so
 * that every segment is authenticated, and reports the objects that fail, as a scrub does. Nothing
 * is written out; each read is an audited GetObject like any other.
 */
@Command(
    name = "verify",
    description = {
      "Read every object (of all buckets, one bucket, or under a prefix), authenticating every "
          + "byte, and report any that cannot be read back intact: damaged storage, a disabled "
          + "or destroyed key, a refused read.",
      "Nothing is written; each object is one audited GetObject. Exit 0 when all are intact, "
          + "otherwise the exit code of the worst failure (5 for an integrity failure)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer verify                    every object of every bucket",
      "  coffer verify invoices/2026/     the objects under a prefix",
      "  coffer verify invoices --json"
    })
final class VerifyCommand extends ObjectStoreCommand {
  private static final int PAGE = 1000;

  @Parameters(
      arity = "0..1",
      paramLabel = "BUCKET[/PREFIX]",
      converter = ObjectPath.BucketPrefix.class,
      description = "The bucket, and a key prefix to verify under (default: every bucket).")
  ObjectPath path;

  /** An object that could not be read back. */
  private record Failure(String bucket, String key, CofferException error) {}

  private final List<Failure> failures = new ArrayList<>();
  private final byte[] scratch = new byte[64 * 1024];
  private long objects;
  private long bytes;

  @Override
  boolean movesObjectData() {
    return true;
  }

  @Override
  void run(ObjectStore s3, Invocation invocation) throws IOException {
    List<String> buckets =
        path != null
            ? List.of(path.bucket())
            : s3.listBuckets().stream().map(BucketInfo::name).toList();
    String prefix = path != null ? path.key() : "";
    try (Progress progress = Progress.start(invocation, "verify", -1)) {
      for (String bucket : buckets) {
        verifyBucket(s3, bucket, prefix, progress);
      }
    }
    invocation.output().result(json(buckets.size()), out -> print(buckets.size(), out));
    if (!failures.isEmpty()) {
      Failure worst = worst();
      throw new CommandException(
          worst.error(),
          String.format(
              Locale.ROOT,
              "%,d of %,d objects failed verification, first %s/%s: %s",
              failures.size(),
              objects,
              worst.bucket(),
              worst.key(),
              worst.error().getMessage()));
    }
  }

  private void verifyBucket(ObjectStore s3, String bucket, String prefix, Progress progress)
      throws IOException {
    String token = null;
    ListObjectsResult page;
    do {
      ListObjectsRequest.Builder request =
          ListObjectsRequest.builder(bucket).prefix(prefix).maxKeys(PAGE);
      if (token != null) {
        request.continuationToken(token);
      }
      page = s3.listObjects(request.build());
      for (ObjectSummary object : page.contents()) {
        verifyObject(s3, bucket, object.key(), progress);
      }
      token = page.nextContinuationToken().orElse(null);
    } while (page.truncated());
  }

  private void verifyObject(ObjectStore s3, String bucket, String key, Progress progress)
      throws IOException {
    objects++;
    progress.file();
    try (ObjectContent content = s3.getObject(GetObjectRequest.of(bucket, key));
        java.io.InputStream in = progress.monitor(content)) {
      int n;
      while ((n = in.read(scratch)) > 0) {
        bytes += n;
      }
    } catch (CofferException e) {
      if (e.errorCode() == ErrorCode.NOT_FOUND && gone(s3, bucket, key)) {
        // Deleted since it was listed: nothing left to verify.
        objects--;
        return;
      }
      failures.add(new Failure(bucket, key, e));
    } catch (IOException e) {
      // A segment that fails authentication mid-stream arrives as an IOException around the
      // typed error; anything else (the sidecar gone) ends the command.
      if (!(e.getCause() instanceof CofferException cause)) {
        throw e;
      }
      failures.add(new Failure(bucket, key, cause));
    }
  }

  /** Whether the object no longer exists (rather than, say, its key). */
  private static boolean gone(ObjectStore s3, String bucket, String key) {
    try {
      s3.headObject(bucket, key);
      return false;
    } catch (CofferException e) {
      return e.errorCode() == ErrorCode.NOT_FOUND;
    }
  }

  /** The failure that decides the exit code: an integrity failure before anything else. */
  private Failure worst() {
    return failures.stream()
        .filter(f -> f.error().errorCode() == ErrorCode.INTEGRITY_FAILURE)
        .findFirst()
        .orElse(failures.get(0));
  }

  private JsonObject json(int buckets) {
    JsonObject json = new JsonObject();
    json.addProperty("buckets", buckets);
    if (path != null) {
      json.addProperty("prefix", path.key());
    }
    json.addProperty("objects", objects);
    json.addProperty("bytes", bytes);
    JsonArray failed = new JsonArray();
    for (Failure f : failures) {
      JsonObject o = new JsonObject();
      o.addProperty("bucket", f.bucket());
      o.addProperty("key", f.key());
      o.addProperty("code", f.error().errorCode().name());
      o.addProperty("message", f.error().getMessage());
      failed.add(o);
    }
    json.add("failed", failed);
    return json;
  }

  private void print(int buckets, PrintStream out) {
    String scope =
        String.format(
            Locale.ROOT,
            "%,d object%s (%s) in %,d bucket%s",
            objects,
            objects == 1 ? "" : "s",
            Progress.size(bytes),
            buckets,
            buckets == 1 ? "" : "s");
    if (failures.isEmpty()) {
      out.println("Verified " + scope + ": all intact.");
      return;
    }
    out.println(String.format(Locale.ROOT, "Verified %s: %,d failed.", scope, failures.size()));
    Table table = Table.plain().row("BUCKET", "KEY", "ERROR");
    for (Failure f : failures) {
      table.row(f.bucket(), f.key(), f.error().errorCode() + ": " + f.error().getMessage());
    }
    table.print(out);
  }
}
