package dev.coffer.cli;

import dev.coffer.engine.PutObjectRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --content-type} and {@code --metadata}: the metadata of the object put or cp writes. */
final class ObjectMetadataOptions {
  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description = {
        "Content type. put: default guessed from FILE's name, else "
            + PutObjectRequest.DEFAULT_CONTENT_TYPE
            + ". cp: only with --metadata-directive REPLACE; default "
            + PutObjectRequest.DEFAULT_CONTENT_TYPE
            + "."
      })
  String contentType;

  @Option(
      names = "--metadata",
      paramLabel = "NAME=VALUE",
      parameterConsumer = KeyValues.class,
      description = {
        "User metadata (repeatable; splits at the first '='). cp: only with --metadata-directive "
            + "REPLACE."
      })
  Map<String, String> metadata = new LinkedHashMap<>();

  /** Whether either option was given. */
  boolean given() {
    return contentType != null || !metadata.isEmpty();
  }

  /** Applies the options, with {@code defaultContentType} where --content-type is not given. */
  PutObjectRequest.Builder applyTo(PutObjectRequest.Builder request, String defaultContentType) {
    request.contentType(contentType != null ? contentType : defaultContentType);
    metadata.forEach(request::userMetadata);
    return request;
  }
}
