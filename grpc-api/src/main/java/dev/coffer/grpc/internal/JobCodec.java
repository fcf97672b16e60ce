package dev.coffer.grpc.internal;

import dev.coffer.api.v1.Job;
import dev.coffer.engine.JobKind;
import dev.coffer.engine.JobState;
import dev.coffer.engine.JobStatus;
import dev.coffer.engine.KeyUsage;
import dev.coffer.keystore.Principal;
import java.util.Optional;

/** Rotation jobs and key-usage reports to and from their {@code coffer.api.v1} forms. */
public final class JobCodec {
  private JobCodec() {}

  public static Job toProto(JobStatus s) {
    Job.Builder b =
        Job.newBuilder()
            .setJobId(s.jobId())
            .setKind(dev.coffer.api.v1.JobKind.valueOf("JOB_KIND_" + s.kind().name()))
            .setState(dev.coffer.api.v1.JobState.valueOf("JOB_STATE_" + s.state().name()))
            .setPhase(s.phase())
            .setKeyArn(s.keyArn())
            .setTargetVersion(s.targetVersion())
            .setPrincipal(s.principal().name())
            .setTotal(s.total())
            .setDone(s.done())
            .setSkipped(s.skipped())
            .setFailed(s.failed())
            .setCreated(Times.toProto(s.created()))
            .setUpdated(Times.toProto(s.updated()))
            .setItemsPerSecond(s.itemsPerSecond())
            .setProgress(s.progress());
    s.bucket().ifPresent(b::setBucket);
    s.error().ifPresent(b::setError);
    s.eta().ifPresent(d -> b.setEta(Times.toProto(d)));
    return b.build();
  }

  public static JobStatus fromProto(Job j) {
    return new JobStatus(
        j.getJobId(),
        JobKind.valueOf(j.getKind().name().substring("JOB_KIND_".length())),
        JobState.valueOf(j.getState().name().substring("JOB_STATE_".length())),
        j.getPhase(),
        j.getKeyArn(),
        j.getTargetVersion(),
        j.hasBucket() ? Optional.of(j.getBucket()) : Optional.empty(),
        Principal.of(j.getPrincipal()),
        j.getTotal(),
        j.getDone(),
        j.getSkipped(),
        j.getFailed(),
        Times.fromProto(j.getCreated()),
        Times.fromProto(j.getUpdated()),
        j.hasError() ? Optional.of(j.getError()) : Optional.empty(),
        j.getItemsPerSecond(),
        j.hasEta() ? Optional.of(Times.fromProto(j.getEta())) : Optional.empty());
  }

  public static dev.coffer.api.v1.KeyUsage toProto(KeyUsage u) {
    return dev.coffer.api.v1.KeyUsage.newBuilder()
        .setKeyArn(u.keyArn())
        .setObjects(u.objects())
        .setBucketKeys(u.bucketKeys())
        .putAllObjectsByBucket(u.objectsByBucket())
        .putAllObjectsByVersion(u.objectsByVersion())
        .addAllObjectNames(u.objectNames())
        .build();
  }

  public static KeyUsage fromProto(dev.coffer.api.v1.KeyUsage u) {
    return new KeyUsage(
        u.getKeyArn(),
        u.getObjects(),
        u.getBucketKeys(),
        u.getObjectsByBucketMap(),
        u.getObjectsByVersionMap(),
        u.getObjectNamesList());
  }
}
