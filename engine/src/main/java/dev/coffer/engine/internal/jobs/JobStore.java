package dev.coffer.engine.internal.jobs;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.coffer.engine.internal.store.EngineDb;
import dev.coffer.engine.internal.store.EngineDb.Family;
import dev.coffer.format.v1.JobRecord;
import dev.coffer.keystore.ErrorCode;
import dev.coffer.keystore.KeystoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Job records in the {@code jobs} column family, keyed by job id. */
final class JobStore {
  private final EngineDb db;

  JobStore(EngineDb db) {
    this.db = db;
  }

  void put(JobRecord job) {
    try (EngineDb.Batch b = db.batch()) {
      put(b, job);
      b.commit();
    }
  }

  /** Adds the job record to {@code batch}, to commit with what the job wrote. */
  void put(EngineDb.Batch batch, JobRecord job) {
    batch.put(Family.JOBS, job.getJobId().toByteArray(), job.toByteArray());
  }

  Optional<JobRecord> get(byte[] id) {
    byte[] raw = db.get(Family.JOBS, id);
    return raw == null ? Optional.empty() : Optional.of(parse(raw));
  }

  List<JobRecord> all() {
    List<JobRecord> out = new ArrayList<>();
    try (EngineDb.Scan scan = db.scan(Family.JOBS, new byte[0], null)) {
      while (scan.next()) {
        out.add(parse(scan.value()));
      }
    }
    out.sort((a, b) -> Long.compare(a.getCreatedEpochMillis(), b.getCreatedEpochMillis()));
    return out;
  }

  private static JobRecord parse(byte[] raw) {
    try {
      return JobRecord.parseFrom(raw);
    } catch (InvalidProtocolBufferException e) {
      throw new KeystoreUnavailableException(
          ErrorCode.INTEGRITY_FAILURE, "a job record is damaged");
    }
  }
}
