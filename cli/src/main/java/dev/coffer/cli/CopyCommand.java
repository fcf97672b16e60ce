package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.CopyObjectRequest;
import dev.coffer.engine.MetadataDirective;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.EncryptionContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code coffer cp}: CopyObject, which re-encrypts for the destination. */
@Command(
    name = "cp",
    description = {
      "Copy an object (CopyObject), re-encrypting it with a new data key under the "
          + "destination's key (its bucket's default, or --kms-key) and context.",
      "Needs s3:GetObject and kms:Decrypt on the source, s3:PutObject and kms:GenerateDataKey on "
          + "the destination. Content type and metadata are copied unless --metadata-directive "
          + "REPLACE says otherwise; the encryption context is not: give it with --context.",
      "A copy onto the object itself re-encrypts it with a new data key (after a rotation, or "
          + "with --kms-key to move it to another key)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer cp invoices/a.pdf archive/a.pdf --kms-key alias/archive \\",
      "    --source-context tenant=acme --context tenant=acme",
      "  coffer cp docs/a.txt docs/a.txt --metadata-directive REPLACE \\",
      "    --content-type text/plain --metadata reviewed=yes"
    })
final class CopyCommand extends ObjectStoreCommand {
  @Parameters(
      index = "0",
      paramLabel = "SRC_BUCKET/KEY",
      converter = ObjectPath.ObjectKey.class,
      description = "The object to copy.")
  ObjectPath source;

  @Parameters(
      index = "1",
      paramLabel = "DST_BUCKET/KEY",
      converter = ObjectPath.ObjectKey.class,
      description = "Where to write the copy.")
  ObjectPath destination;

  @Mixin EncryptionOptions encryption;

  @Mixin WriteConditions conditions;

  @Option(
      names = "--source-context",
      paramLabel = "KEY=VALUE",
      parameterConsumer = KeyValues.class,
      description = {
        "Expected encryption context of the source (repeatable): the copy fails unless the "
            + "source's context is exactly these pairs (besides aws:s3:arn)."
      })
  Map<String, String> sourceContext = new LinkedHashMap<>();

  @Option(
      names = "--metadata-directive",
      paramLabel = "COPY|REPLACE",
      converter = DirectiveConverter.class,
      description = {
        "Where the copy's content type and metadata come from (S3's x-amz-metadata-directive; "
            + "bucket policies see it as s3:x-amz-metadata-directive). COPY (the default): the "
            + "source's, and --content-type and --metadata are refused. REPLACE: --content-type "
            + "(default "
            + PutObjectRequest.DEFAULT_CONTENT_TYPE
            + ") and --metadata instead, dropping all of the source's."
      })
  MetadataDirective metadataDirective = MetadataDirective.COPY;

  @Mixin ObjectMetadataOptions metadata;

  private CopyObjectRequest request;

  @Override
  boolean movesObjectData() {
    return true;
  }

  @Override
  void prepare(Invocation invocation) {
    if (metadataDirective == MetadataDirective.COPY && metadata.given()) {
      throw new ParameterException(
          spec.commandLine(),
          "--content-type and --metadata need --metadata-directive REPLACE: without it the copy"
              + " keeps the source's content type and metadata");
    }
    PutObjectRequest.Builder target =
        encryption.applyTo(PutObjectRequest.builder(destination.bucket(), destination.key()));
    metadata.applyTo(target, PutObjectRequest.DEFAULT_CONTENT_TYPE);
    request =
        new CopyObjectRequest(
            source.bucket(),
            source.key(),
            sourceContext.isEmpty()
                ? Optional.empty()
                : Optional.of(EncryptionContext.of(sourceContext)),
            conditions.applyTo(target).build(),
            metadataDirective);
  }

  @Override
  void run(ObjectStore s3, Invocation invocation) {
    ObjectInfo info = s3.copyObject(request);
    JsonObject document = ObjectJson.object(info);
    document.addProperty("copySource", source.toString());
    invocation
        .output()
        .result(
            document,
            out -> {
              out.println("copy: " + source + " to " + destination);
              out.println(ObjectText.encryptedAs(info));
            });
  }

  /** COPY or REPLACE, in any letter case, as the other CLI's enumerated values. */
  static final class DirectiveConverter implements ITypeConverter<MetadataDirective> {
    @Override
    public MetadataDirective convert(String value) {
      try {
        return MetadataDirective.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not COPY or REPLACE");
      }
    }
  }
}
