package dev.coffer.cli;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.coffer.keystore.audit.AuditRecovery;
import dev.coffer.keystore.audit.VerificationReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coffer audit recover}: gets a data directory going again after its audit log was damaged,
 * keeping the damaged log as evidence (see {@link
 * dev.coffer.keystore.Keystore.Builder#recoverAuditLog}).
 */
@Command(
    name = "recover",
    description = {
      "Set a damaged audit log aside and begin a new one, so that the data directory opens again.",
      "The log fails closed: damage to its last segment keeps every command from opening the data"
          + " directory, and damage further back fails every `audit verify`. This renames the whole"
          + " log directory to DIR/audit.damaged-TIME, unchanged, and begins a new log that"
          + " continues the hash chain from the head the keystore had anchored; its first records"
          + " are a signed digest and a RecoverAuditLog event naming the problem, where the old"
          + " log went, the --as principal and the --reason. Records the damaged log holds after"
          + " that head stay in the set-aside copy only.",
      "Refused (exit 9) when the log is intact. Works on the data directory itself: stop `coffer"
          + " serve` first."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  coffer audit verify            # exit 11: names the first bad record",
      "  coffer audit recover --reason 'disk error, ticket OPS-1234'",
      "  coffer audit public-key > audit.pem",
      "  coffer audit verify --public-key audit.pem \\",
      "    --log DIR/audit.damaged-20261125T101500Z"
    })
final class AuditRecoverCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, for the record (one line, at most 1,024 characters).")
  String reason = "";

  @Override
  public Integer call() {
    Invocation invocation = Invocation.of(spec);
    invocation.requireLocal("coffer audit recover");
    AuditRecovery recovery =
        invocation
            .dataDirectory()
            .recoverAuditLog(invocation.passphrase(null), invocation.principal(), reason);
    print(invocation, recovery);
    return ExitCodes.OK;
  }

  private static void print(Invocation invocation, AuditRecovery r) {
    VerificationReport.Problem p = r.problem();
    JsonObject head = new JsonObject();
    head.addProperty("sequence", r.head().sequence());
    head.addProperty("hash", r.head().hash());
    JsonObject document = new JsonObject();
    document.add("problem", AuditCommands.problemJson(p));
    if (r.setAside().isPresent()) {
      document.addProperty("setAside", r.setAside().get().toString());
    } else {
      document.add("setAside", JsonNull.INSTANCE);
    }
    document.addProperty("continuesFrom", r.continuesFrom());
    document.addProperty("recoveryRecord", r.recoveryRecord());
    document.add("head", head);
    invocation
        .output()
        .result(
            document,
            out -> {
              out.println("The damaged log: " + p);
              out.println(
                  "Set aside:       "
                      + r.setAside()
                          .map(path -> path + " (unchanged)")
                          .orElse("nothing (there was no log directory)"));
              out.println(
                  "New log:         "
                      + (r.continuesFrom() == 0
                          ? "begins at record 1 (the keystore had anchored no head)"
                          : "continues from record "
                              + r.continuesFrom()
                              + ", the head the keystore had anchored")
                      + "; record "
                      + r.recoveryRecord()
                      + " records this recovery");
              out.println("Head:            " + r.head().sequence() + ":" + r.head().hash());
              r.setAside()
                  .ifPresent(
                      path ->
                          out.println(
                              "To examine the old log: coffer audit public-key > audit.pem &&"
                                  + " coffer audit verify --log "
                                  + path
                                  + " --public-key audit.pem"));
            });
  }
}
