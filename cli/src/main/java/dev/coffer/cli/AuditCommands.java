package dev.coffer.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.coffer.keystore.InvalidArgumentException;
import dev.coffer.keystore.audit.AuditHead;
import dev.coffer.keystore.audit.AuditIntegrityException;
import dev.coffer.keystore.audit.AuditLog;
import dev.coffer.keystore.audit.AuditPage;
import dev.coffer.keystore.audit.AuditQuery;
import dev.coffer.keystore.audit.AuditTrail;
import dev.coffer.keystore.audit.VerificationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code coffer audit}: read, verify and export the data directory's audit log. */
@Command(
    name = "audit",
    description = {
      "Query, verify and export the audit log (DIR/audit): one record per keystore call, allowed,"
          + " denied or failed, hash-chained, with signed digests."
    },
    subcommands = {
      AuditCommands.Query.class,
      AuditCommands.Verify.class,
      AuditCommands.Export.class,
      AuditCommands.PublicKey.class,
      AuditRecoverCommand.class
    })
final class AuditCommands extends CommandGroup {

  /** A command on the log of the data directory's keystore. */
  abstract static class LogCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Invocation invocation = Invocation.of(spec);
      AuditTrail copy = copy(invocation);
      if (copy != null) {
        return run(copy, invocation);
      }
      try (Session session = invocation.openKeys()) {
        return run(session.audit(), invocation);
      }
    }

    /** The copy of a log to read instead ({@code --log}), or null. */
    AuditTrail copy(Invocation invocation) {
      return null;
    }

    abstract int run(AuditTrail log, Invocation invocation);
  }

  @Command(
      name = "query",
      description = {
        "Show the records that match every filter, oldest first, a page at a time.",
        "With --log DIR, reads a copy of a log instead, without the keystore."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  coffer audit query --outcome DENIED --since 1d",
        "  coffer audit query --key alias/app --event GenerateDataKey \\",
        "    --newest-first --limit 20",
        "  coffer audit query --json --next-token TOKEN",
        "  coffer audit query --log /backup/audit --principal ARN"
      })
  static final class Query extends LogCommand {
    @Mixin AuditFilters filters;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "50",
        description = "At most N records (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(
        names = "--next-token",
        paramLabel = "TOKEN",
        description = "Continue after the page that printed TOKEN.")
    String token;

    @Mixin LogCopyOption logCopy;

    @Override
    AuditTrail copy(Invocation invocation) {
      return logCopy.open(invocation);
    }

    @Override
    int run(AuditTrail log, Invocation invocation) {
      if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
        throw new InvalidArgumentException("--limit must be 1 to " + AuditQuery.MAX_LIMIT);
      }
      AuditPage page = log.query(filters.query().limit(limit).resumeToken(token).build());
      JsonObject document = new JsonObject();
      JsonArray records = new JsonArray();
      page.records().forEach(r -> records.add(JsonParser.parseString(r.toJson())));
      document.add("records", records);
      page.resumeToken().ifPresent(t -> document.addProperty("nextToken", t));
      invocation
          .output()
          .result(
              document,
              out -> {
                if (page.records().isEmpty()) {
                  out.println("No records match.");
                } else {
                  AuditText.trail(page.records()).print(out);
                }
                page.resumeToken().ifPresent(t -> out.println("More: --next-token " + t));
              });
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "verify",
      description = {
        "Recompute the hash chain and check every signed digest, and that the log still reaches"
            + " the head the keystore remembers.",
        "Exits 0 only if the log is intact; otherwise names the first bad record and exits 11.",
        "With --log and --public-key, verifies a copy of a log without the keystore."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  coffer audit verify",
        "  coffer audit public-key > audit.pem",
        "  coffer audit verify --log /backup/audit --public-key audit.pem \\",
        "    --head 1234:9f86d0…"
      })
  static final class Verify implements Callable<Integer> {
    /** Far above a PEM or Tink JSON public key; only keeps a wrong file out of memory. */
    private static final int MAX_PUBLIC_KEY = 64 * 1024;

    @Spec CommandSpec spec;

    @Option(
        names = "--log",
        paramLabel = "DIR",
        description = "Verify this copy of a log instead (needs --public-key).")
    Path log;

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description = "The log's public key, PEM or Tink JSON (from `coffer audit public-key`).")
    Path publicKey;

    @Option(
        names = "--head",
        paramLabel = "SEQ:HASH",
        converter = HeadConverter.class,
        description = "A head the copy must still reach (detects a cut tail).")
    AuditHead head;

    @Override
    public Integer call() {
      Invocation invocation = Invocation.of(spec);
      VerificationReport report;
      if (log != null || publicKey != null) {
        if (log == null || publicKey == null) {
          throw new InvalidArgumentException("--log and --public-key go together");
        }
        LogCopyOption.requireDirectory(invocation, log);
        String key =
            Inputs.readText(invocation, publicKey.toString(), MAX_PUBLIC_KEY, "the public key");
        report = AuditLog.verifyCopy(log, key, Optional.ofNullable(head));
      } else {
        try (Session session = invocation.openKeys()) {
          report = session.audit().verify();
        } catch (AuditIntegrityException e) {
          report = e.report().orElseThrow(() -> e);
        }
      }
      print(invocation, report);
      return report.intact() ? ExitCodes.OK : ExitCodes.AUDIT_LOG_INVALID;
    }

    /** Picocli's converter for --head: a malformed head is a usage error saying the form. */
    static final class HeadConverter implements ITypeConverter<AuditHead> {
      @Override
      public AuditHead convert(String value) {
        try {
          return AuditHead.parse(value);
        } catch (InvalidArgumentException e) {
          throw new TypeConversionException(e.getMessage());
        }
      }
    }

    private static void print(Invocation invocation, VerificationReport r) {
      JsonObject document = new JsonObject();
      document.addProperty("intact", r.intact());
      document.addProperty("firstSequence", r.firstSequence());
      document.addProperty("lastSequence", r.lastSequence());
      document.addProperty("events", r.events());
      document.addProperty("digests", r.digests());
      document.addProperty("lastDigestSequence", r.lastDigestSequence());
      document.addProperty("unsignedRecords", r.unsignedRecords());
      document.addProperty("startsAt", r.startsAt());
      r.problem().ifPresent(p -> document.add("problem", problemJson(p)));
      invocation.output().result(document, out -> out.println(r.summary()));
    }
  }

  /** A verification problem as `audit verify --json` and `audit recover --json` show it. */
  static JsonObject problemJson(VerificationReport.Problem p) {
    JsonObject problem = new JsonObject();
    problem.addProperty("kind", p.kind().name());
    problem.addProperty("sequence", p.sequence());
    problem.addProperty("segment", p.segment());
    problem.addProperty("offset", p.offset());
    problem.addProperty("detail", p.detail());
    return problem;
  }

  @Command(
      name = "export",
      description = {
        "Write the matching records as JSON lines in CloudTrail's shape (default: all, to stdout).",
        "With --log DIR, reads a copy of a log instead, without the keystore."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  coffer audit export trail.jsonl",
        "  coffer audit export --since 7d - | jq .",
        "  coffer audit export --log /backup/audit trail.jsonl"
      })
  static final class Export extends LogCommand {
    @Mixin AuditFilters filters;

    @Mixin LogCopyOption logCopy;

    @Override
    AuditTrail copy(Invocation invocation) {
      return logCopy.open(invocation);
    }

    @Parameters(
        arity = "0..1",
        paramLabel = "FILE",
        description = "Where to write, or - for standard output (the default).")
    String file = Inputs.STDIN;

    @Override
    int run(AuditTrail log, Invocation invocation) {
      AuditQuery query = filters.query().build();
      if (file.equals(Inputs.STDIN)) {
        StringBuilder lines = new StringBuilder();
        log.export(query, lines);
        invocation.output().raw(lines.toString().getBytes(StandardCharsets.UTF_8));
        return ExitCodes.OK;
      }
      long count;
      try (Writer out = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8)) {
        count = log.export(query, out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
      JsonObject document = new JsonObject();
      document.addProperty("file", file);
      document.addProperty("records", count);
      invocation
          .output()
          .result(document, out -> out.println("Wrote " + count + " records to " + file));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "public-key",
      description = "Print the public key that verifies the log's digests, for auditors.")
  static final class PublicKey extends LogCommand {
    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "pem",
        description = "pem (X.509, any Ed25519 verifier) or tink-json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    int run(AuditTrail log, Invocation invocation) {
      String key =
          switch (format) {
            case "pem" -> log.publicKeyPem();
            case "tink-json" -> log.publicKeysetJson();
            default -> throw new InvalidArgumentException("--format must be pem or tink-json");
          };
      JsonObject document = new JsonObject();
      document.addProperty("format", format);
      document.addProperty("publicKey", key);
      invocation.output().result(document, out -> out.print(key.endsWith("\n") ? key : key + "\n"));
      return ExitCodes.OK;
    }
  }
}
