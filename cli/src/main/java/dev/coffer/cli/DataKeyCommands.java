package dev.coffer.cli;

import com.google.gson.JsonObject;
import dev.coffer.keystore.Ciphertext;
import dev.coffer.keystore.DataKey;
import dev.coffer.keystore.DecryptRequest;
import dev.coffer.keystore.Decrypted;
import dev.coffer.keystore.EncryptRequest;
import dev.coffer.keystore.EncryptionContext;
import dev.coffer.keystore.GenerateDataKeyRequest;
import dev.coffer.keystore.InsecureSecretAccess;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.KeyService;
import dev.coffer.keystore.ReEncryptRequest;
import dev.coffer.keystore.ReEncrypted;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code key} commands that do cryptography: data keys, Encrypt, Decrypt, ReEncrypt. */
final class DataKeyCommands {
  /** A ciphertext blob of the largest Encrypt input is about 5.6 KB in base64; allow ample room. */
  private static final int MAX_BLOB_TEXT = 64 * 1024;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static final String INPUT = "Input file, or - for standard input (the default).";

  private DataKeyCommands() {}

  @Command(
      name = "generate-data-key",
      description = {
        "Generate a data key under KEY (GenerateDataKey).",
        "Prints the key wrapped and, unless --without-plaintext, in plaintext, both in base64. "
            + "Encrypt with the plaintext key, store the wrapped one, and recover the plaintext with "
            + "`key decrypt` and the same context."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer key generate-data-key alias/app --context tenant=acme --json")
  static final class GenerateDataKey extends KeystoreCommand {
    @Parameters(paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Mixin ContextOption context;

    @Option(
        names = "--bytes",
        paramLabel = "N",
        defaultValue = "32",
        description = "Data key length, 1 to 1024 bytes (default: ${DEFAULT-VALUE}, AES-256).")
    int bytes;

    @Option(
        names = "--without-plaintext",
        description = "Only the wrapped key (GenerateDataKeyWithoutPlaintext).")
    boolean withoutPlaintext;

    @Override
    void run(KeyService kms, Invocation invocation) {
      GenerateDataKeyRequest request =
          GenerateDataKeyRequest.builder()
              .keyId(key)
              .encryptionContext(context.context())
              .numberOfBytes(bytes)
              .build();
      if (withoutPlaintext) {
        print(invocation, kms.generateDataKeyWithoutPlaintext(request), null);
        return;
      }
      try (DataKey dataKey = kms.generateDataKey(request)) {
        byte[] plaintext = dataKey.plaintext().toByteArray(InsecureSecretAccess.get());
        try {
          // The user asked for the plaintext key, as with `aws kms generate-data-key`.
          print(invocation, dataKey.wrapped(), KeyJson.base64(plaintext));
        } finally {
          Arrays.fill(plaintext, (byte) 0);
        }
      }
    }

    private static void print(Invocation invocation, Ciphertext wrapped, String plaintext) {
      JsonObject document = KeyJson.ciphertext(wrapped);
      Table table = Table.plain();
      table.row("Key", wrapped.keyArn() + " (version " + wrapped.keyVersion() + ")");
      table.row("Wrapped key", KeyJson.base64(wrapped.blob()));
      if (plaintext != null) {
        document.addProperty("plaintext", plaintext);
        table.row("Plaintext key", plaintext);
      }
      invocation.output().result(document, table::print);
    }
  }

  @Command(
      name = "encrypt",
      description = {
        "Encrypt up to 4 KiB directly under KEY (Encrypt).",
        "Prints the ciphertext blob in base64. For more data, use a data key instead."
      },
      footerHeading = "%nExample:%n",
      footer = "  echo -n s3cret | coffer key encrypt alias/app - --context app=web > secret.b64")
  static final class Encrypt extends KeystoreCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = KeyCommands.KEY)
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = INPUT)
    String input = Inputs.STDIN;

    @Mixin ContextOption context;

    private byte[] plaintext = new byte[0];

    @Override
    void readInput(Invocation invocation) {
      plaintext =
          Inputs.read(invocation, input, EncryptRequest.MAX_PLAINTEXT_BYTES, "the plaintext");
    }

    @Override
    void discardInput() {
      Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    void run(KeyService kms, Invocation invocation) {
      Ciphertext ciphertext = kms.encrypt(EncryptRequest.of(key, plaintext, context.context()));
      printBlob(invocation, KeyJson.ciphertext(ciphertext), ciphertext.blob());
    }
  }

  @Command(
      name = "decrypt",
      description = {
        "Decrypt a base64 ciphertext blob (Decrypt).",
        "Takes the blobs of `key encrypt`, `key generate-data-key` and `key re-encrypt`, and "
            + "writes the plaintext bytes to stdout (base64 with --json)."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer key decrypt secret.b64 --context app=web")
  static final class Decrypt extends KeystoreCommand {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = INPUT)
    String input = Inputs.STDIN;

    @Mixin ContextOption context;

    @Option(
        names = "--key",
        paramLabel = "KEY",
        description = "Insist that the blob was made under this key (else INCORRECT_KEY).")
    String key;

    private byte[] blob;

    @Override
    void readInput(Invocation invocation) {
      blob = readBlob(invocation, input);
    }

    @Override
    void run(KeyService kms, Invocation invocation) {
      DecryptRequest request = DecryptRequest.of(blob, context.context());
      if (key != null) {
        request = request.withKeyId(key);
      }
      try (Decrypted decrypted = kms.decrypt(request)) {
        byte[] plaintext = decrypted.plaintext().borrow(InsecureSecretAccess.get());
        Output output = invocation.output();
        if (output.json()) {
          JsonObject document = new JsonObject();
          document.addProperty("keyId", decrypted.keyArn());
          document.addProperty("keyVersion", decrypted.keyVersion());
          document.addProperty("plaintext", KeyJson.base64(plaintext));
          output.result(document, out -> {});
        } else {
          output.raw(plaintext);
        }
      }
    }
  }

  @Command(
      name = "re-encrypt",
      description = {
        "Move a ciphertext blob to another key or context (ReEncrypt).",
        "Decrypts and encrypts again under --to KEY inside the keystore, so the plaintext never "
            + "leaves it. Re-encrypting under the same key moves a blob to its primary version. "
            + "Prints the new blob in base64."
      },
      footerHeading = "%nExample:%n",
      footer = "  coffer key re-encrypt --to alias/new --context app=web old.b64 > new.b64")
  static final class ReEncrypt extends KeystoreCommand {
    @Parameters(arity = "0..1", paramLabel = "FILE", description = INPUT)
    String input = Inputs.STDIN;

    @Option(names = "--to", required = true, paramLabel = "KEY", description = "Destination key.")
    String destination;

    @Mixin ContextOption context;

    @Option(
        names = "--to-context",
        paramLabel = "KEY=VALUE",
        parameterConsumer = KeyValues.class,
        description = "Destination context entry (repeatable); default: the --context given.")
    Map<String, String> destinationContext = new LinkedHashMap<>();

    private byte[] blob;

    @Override
    void readInput(Invocation invocation) {
      blob = readBlob(invocation, input);
    }

    @Override
    void run(KeyService kms, Invocation invocation) {
      ReEncryptRequest.Builder request =
          ReEncryptRequest.builder()
              .ciphertextBlob(blob)
              .sourceEncryptionContext(context.context())
              .destinationKeyId(destination);
      if (!destinationContext.isEmpty()) {
        request.destinationEncryptionContext(EncryptionContext.of(destinationContext));
      }
      ReEncrypted result = kms.reEncrypt(request.build());
      JsonObject document = KeyJson.ciphertext(result.ciphertext());
      document.addProperty("sourceKeyId", result.sourceKeyArn());
      document.addProperty("sourceKeyVersion", result.sourceKeyVersion());
      printBlob(invocation, document, result.ciphertext().blob());
    }
  }

  private static byte[] readBlob(Invocation invocation, String input) {
    byte[] text = Inputs.read(invocation, input, MAX_BLOB_TEXT, "the ciphertext blob");
    // Line breaks and spaces are allowed (wrapped output, trailing newline); nothing else is.
    String base64 = WHITESPACE.matcher(new String(text, StandardCharsets.US_ASCII)).replaceAll("");
    if (base64.isEmpty()) {
      throw new InvalidArgumentException("no ciphertext blob in " + Inputs.describe(input));
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(
          "the ciphertext blob in " + Inputs.describe(input) + " is not base64");
    }
  }

  private static void printBlob(Invocation invocation, JsonObject document, byte[] blob) {
    invocation.output().result(document, out -> out.println(KeyJson.base64(blob)));
  }
}
