package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.coffer.engine.BucketInfo;
import dev.coffer.engine.ListObjectsRequest;
import dev.coffer.engine.ListObjectsResult;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.ObjectSummary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code coffer ls}: ListObjectsV2 as {@code aws s3 ls} shows it, or ListBuckets. */
@Command(
    name = "ls",
    description = {
      "List objects under a prefix (ListObjectsV2), or the buckets when no bucket is named.",
      "Like `aws s3 ls`, keys are rolled up at \"/\" into PRE lines and shown relative to the "
          + "prefix's last \"/\"; --recursive lists every key in full. Follows continuation "
          + "tokens to the end unless --max-keys asks for one page. Times are UTC."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer ls                       the buckets",
      "  coffer ls invoices/2026/        objects and sub-prefixes under 2026/",
      "  coffer ls invoices -r --json    every key, as JSON",
      "  coffer ls invoices --max-keys 100 --continuation-token TOKEN"
    })
final class ListCommand extends ObjectStoreCommand {
  static final String DEFAULT_DELIMITER = "/";

  @Parameters(
      arity = "0..1",
      paramLabel = "BUCKET[/PREFIX]",
      converter = ObjectPath.BucketPrefix.class,
      description = "The bucket, and a key prefix to list under.")
  ObjectPath path;

  @Option(
      names = "--delimiter",
      paramLabel = "D",
      description = "Roll keys up into common prefixes at D (default: \"/\", as aws s3 ls).")
  String delimiter;

  @Option(
      names = {"-r", "--recursive"},
      description = "No delimiter: every key under the prefix, in full.")
  boolean recursive;

  @Option(
      names = "--max-keys",
      paramLabel = "N",
      description = "List one page of at most N (1 to 1000) and print the token to continue.")
  Integer maxKeys;

  @Option(
      names = "--page-size",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Keys per request when listing everything (default: ${DEFAULT-VALUE}).")
  int pageSize;

  @Option(names = "--start-after", paramLabel = "KEY", description = "Start after this key.")
  String startAfter;

  @Option(
      names = "--continuation-token",
      paramLabel = "TOKEN",
      description = "Continue a listing from the token a --max-keys page printed.")
  String continuationToken;

  @Override
  void prepare(Invocation invocation) {
    if (recursive && delimiter != null) {
      throw new ParameterException(spec.commandLine(), "--recursive lists without a delimiter");
    }
    if (path == null
        && (delimiter != null
            || recursive
            || maxKeys != null
            || startAfter != null
            || continuationToken != null)) {
      throw new ParameterException(
          spec.commandLine(), "listing options need a bucket: coffer ls BUCKET[/PREFIX]");
    }
  }

  @Override
  void run(ObjectStore s3, Invocation invocation) {
    if (path == null) {
      listBuckets(s3, invocation);
      return;
    }
    Optional<String> rollUp =
        recursive
            ? Optional.empty()
            : Optional.of(delimiter != null ? delimiter : DEFAULT_DELIMITER);
    List<ObjectSummary> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = continuationToken;
    ListObjectsResult page;
    do {
      ListObjectsRequest.Builder request =
          ListObjectsRequest.builder(path.bucket())
              .prefix(path.key())
              .maxKeys(maxKeys != null ? maxKeys : pageSize);
      rollUp.ifPresent(request::delimiter);
      if (token != null) {
        request.continuationToken(token);
      } else if (startAfter != null) {
        request.startAfter(startAfter);
      }
      page = s3.listObjects(request.build());
      contents.addAll(page.contents());
      prefixes.addAll(page.commonPrefixes());
      token = page.nextContinuationToken().orElse(null);
    } while (maxKeys == null && page.truncated());
    ListObjectsResult all =
        new ListObjectsResult(contents, prefixes, page.truncated(), page.nextContinuationToken());
    invocation
        .output()
        .result(json(all, rollUp), out -> print(all, rollUp, invocation.host().err(), out));
  }

  private JsonObject json(ListObjectsResult result, Optional<String> rollUp) {
    JsonObject json = new JsonObject();
    json.addProperty("name", path.bucket());
    json.addProperty("prefix", path.key());
    rollUp.ifPresent(d -> json.addProperty("delimiter", d));
    if (startAfter != null) {
      json.addProperty("startAfter", startAfter);
    }
    if (maxKeys != null) {
      json.addProperty("maxKeys", maxKeys);
    }
    json.addProperty("keyCount", result.contents().size() + result.commonPrefixes().size());
    JsonArray contents = new JsonArray();
    result.contents().forEach(o -> contents.add(ObjectJson.summary(o)));
    json.add("contents", contents);
    JsonArray prefixes = new JsonArray();
    result.commonPrefixes().forEach(p -> prefixes.add(ObjectJson.commonPrefix(p)));
    json.add("commonPrefixes", prefixes);
    json.addProperty("isTruncated", result.truncated());
    result.nextContinuationToken().ifPresent(t -> json.addProperty("nextContinuationToken", t));
    return json;
  }

  private void print(
      ListObjectsResult result, Optional<String> rollUp, PrintStream err, PrintStream out) {
    // aws s3 ls shows names relative to the "directory" the prefix is in.
    String base = "";
    if (rollUp.isPresent()) {
      int at = path.key().lastIndexOf(rollUp.get());
      base = at < 0 ? "" : path.key().substring(0, at + rollUp.get().length());
    }
    for (String prefix : result.commonPrefixes()) {
      out.println(ObjectText.prefixLine(prefix.substring(base.length())));
    }
    for (ObjectSummary object : result.contents()) {
      out.println(ObjectText.listingLine(object, object.key().substring(base.length())));
    }
    result
        .nextContinuationToken()
        .ifPresent(t -> err.println("More keys follow: add --continuation-token " + t));
  }

  private static void listBuckets(ObjectStore s3, Invocation invocation) {
    List<BucketInfo> buckets = s3.listBuckets();
    JsonObject document = new JsonObject();
    document.add("buckets", ObjectJson.buckets(buckets));
    invocation
        .output()
        .result(
            document,
            out ->
                buckets.forEach(
                    b -> out.println(ObjectText.listingDate(b.creationDate()) + " " + b.name())));
  }
}
