package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.engine.CopyObjectRequest;
import dev.coffer.engine.ObjectInfo;
import dev.coffer.engine.ObjectStore;
import dev.coffer.engine.PutObjectRequest;
import dev.coffer.keystore.EncryptionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer cp}: CopyObject, which re-encrypts for the destination. */
@Command(
    name = "cp",
    description = {
      "Copy an object (CopyObject), re-encrypting it with a new data key under the "
          + "destination's key (its bucket's default, or --kms-key) and context.",
      "Needs s3:GetObject and kms:Decrypt on the source, s3:PutObject and kms:GenerateDataKey on "
          + "the destination. Content type and metadata are copied; the encryption context is "
          + "not: give it with --context."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  coffer cp invoices/a.pdf archive/a.pdf --kms-key alias/archive \\",
      "    --source-context tenant=acme --context tenant=acme"
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

  private CopyObjectRequest request;

  @Override
  boolean movesObjectData() {
    return true;
  }

  @Override
  void prepare(Invocation invocation) {
    PutObjectRequest target =
        conditions
            .applyTo(
                encryption.applyTo(
                    PutObjectRequest.builder(destination.bucket(), destination.key())))
            .build();
    request =
        new CopyObjectRequest(
            source.bucket(),
            source.key(),
            sourceContext.isEmpty()
                ? Optional.empty()
                : Optional.of(EncryptionContext.of(sourceContext)),
            target);
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
}
