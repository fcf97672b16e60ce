package dev.coffer.cli;

import dev.coffer.engine.PutObjectRequest;
import picocli.CommandLine.Option;

/** {@code --if-none-match} and {@code --if-match}: S3's conditional writes, for put and cp. */
final class WriteConditions {
  @Option(
      names = "--if-none-match",
      description =
          "Create only: refuse (exit 9, nothing written) if the key already has an object.")
  boolean ifNoneMatch;

  @Option(
      names = "--if-match",
      paramLabel = "ETAG",
      description =
          "Replace only the version with this ETag (see `coffer head`): exit 9 if the object"
              + " changed since, 3 if there is none.")
  String ifMatch;

  PutObjectRequest.Builder applyTo(PutObjectRequest.Builder builder) {
    if (ifNoneMatch) {
      builder.ifNoneMatch();
    }
    if (ifMatch != null) {
      builder.ifMatch(ifMatch);
    }
    return builder;
  }
}
