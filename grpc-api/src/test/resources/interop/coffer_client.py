#!/usr/bin/env python3
"""A Coffer sidecar client written with nothing but Python's grpcio and stubs generated from proto/.

PythonClientInteropTest runs it against a real server over TLS. It creates a key and a bucket with
SSE-KMS default encryption, puts an object with an encryption context, gets it back, heads it,
rotates the key with a rewrap job, reads the audit log, and checks the status codes and ErrorInfo
reasons of failures against the table in coffer/api/v1/common.proto. It prints one line per check
("ok ..." or "FAIL ...") and exits 0 only if every check passed.

Tokens are read from files (never from the command line):
  coffer_client.py --target localhost:PORT --ca ca.pem --stubs DIR \
      --token-file root.token --denied-token-file nobody.token \
      --principal ARN --denied-principal ARN
"""

import argparse
import os
import sys
import time
import traceback

DOMAIN = "coffer.dev"
# Generous: the machine may be busy. A healthy run takes about two seconds in all.
TIMEOUT = 60.0


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print("ok   " + name, flush=True)
        else:
            self.failed += 1
            print("FAIL " + name + (": " + str(detail) if detail != "" else ""), flush=True)
        return condition


def error_info(error):
    """The google.rpc.ErrorInfo in the call's grpc-status-details-bin trailer, or None."""
    from google.rpc import error_details_pb2, status_pb2

    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    return status, info
            return status, None
    return None, None


def expect_failure(checks, name, call, code, reason):
    """Runs call(), which must fail with this status code and ErrorInfo reason; returns the error."""
    import grpc

    try:
        result = call()
    except grpc.RpcError as e:
        got = e.code()
        checks.check(
            name + ": status " + code.name,
            got == code,
            "got %s (%s)" % (got, e.details()),
        )
        status, info = error_info(e)
        checks.check(
            name + ": grpc-status-details-bin is a google.rpc.Status with the same code",
            status is not None and status.code == code.value[0],
            "no status details" if status is None else "code %d" % status.code,
        )
        checks.check(
            name + ": ErrorInfo reason " + reason + ", domain " + DOMAIN,
            info is not None and info.reason == reason and info.domain == DOMAIN,
            "no ErrorInfo" if info is None else "%s/%s" % (info.domain, info.reason),
        )
        return e, info
    checks.check(name + ": status " + code.name, False, "succeeded: %r" % (result,))
    return None, None


def read_secret(path):
    with open(path, "r", encoding="ascii") as f:
        return f.read().strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--stubs", required=True)
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--denied-token-file", required=True)
    parser.add_argument("--principal", required=True)
    parser.add_argument("--denied-principal", required=True)
    args = parser.parse_args()
    sys.path.insert(0, args.stubs)

    import grpc
    from google.protobuf import duration_pb2, timestamp_pb2

    from coffer.api.v1 import (
        audit_pb2,
        audit_pb2_grpc,
        buckets_pb2,
        buckets_pb2_grpc,
        common_pb2,
        identity_pb2,
        identity_pb2_grpc,
        jobs_pb2,
        jobs_pb2_grpc,
        keys_pb2,
        keys_pb2_grpc,
        objects_pb2,
        objects_pb2_grpc,
    )

    checks = Checks()
    clock = time.monotonic()
    print("python %s, grpcio %s" % (sys.version.split()[0], grpc.__version__), flush=True)
    started = timestamp_pb2.Timestamp()
    started.FromSeconds(int(time.time()) - 60)

    with open(args.ca, "rb") as f:
        tls = grpc.ssl_channel_credentials(root_certificates=f.read())

    def channel(token):
        if token is None:
            return grpc.secure_channel(args.target, tls)
        return grpc.secure_channel(
            args.target,
            grpc.composite_channel_credentials(tls, grpc.access_token_call_credentials(token)),
        )

    root = channel(read_secret(args.token_file))
    denied = channel(read_secret(args.denied_token_file))
    wrong = channel("not-a-token-the-server-knows-" + os.urandom(8).hex())
    anonymous = channel(None)

    identity = identity_pb2_grpc.IdentityServiceStub(root)
    keys = keys_pb2_grpc.KeyServiceStub(root)
    buckets = buckets_pb2_grpc.BucketServiceStub(root)
    objects = objects_pb2_grpc.ObjectServiceStub(root)
    jobs = jobs_pb2_grpc.JobServiceStub(root)
    audit = audit_pb2_grpc.AuditServiceStub(root)

    # Who the server thinks we are.
    me = identity.GetCallerIdentity(identity_pb2.GetCallerIdentityRequest(), timeout=TIMEOUT)
    checks.check(
        "GetCallerIdentity: the token's principal", me.principal == args.principal, me.principal
    )
    checks.check("GetCallerIdentity: secure transport", me.secure_transport, me)

    # A key and a bucket whose default encryption is SSE-KMS under it (no bucket key, so that the
    # rewrap job moves the object's own data key).
    key = keys.CreateKey(
        keys_pb2.CreateKeyRequest(description="python interop"), timeout=TIMEOUT
    ).key_metadata
    checks.check("CreateKey: a key at version 1", key.key_id != "" and key.primary_version == 1, key)
    bucket = buckets.CreateBucket(
        buckets_pb2.CreateBucketRequest(
            name="python-interop",
            encryption=buckets_pb2.BucketEncryption(kms_key_id=key.key_id, bucket_key_enabled=False),
        ),
        timeout=TIMEOUT,
    ).bucket
    checks.check(
        "CreateBucket: default encryption under the new key",
        bucket.encryption.kms_key_id == key.arn,
        bucket.encryption,
    )

    # Put an object in several chunks, with an encryption context.
    payload = os.urandom(300 * 1024 + 7)
    context = {"tenant": "acme", "purpose": "interop"}

    def upload():
        yield objects_pb2.PutObjectRequest(
            header=objects_pb2.ObjectWrite(
                bucket="python-interop",
                key="docs/a.bin",
                sse_kms=True,
                encryption_context=context,
                content_type="application/octet-stream",
                user_metadata={"written-by": "python"},
            )
        )
        for i in range(0, len(payload), 64 * 1024):
            yield objects_pb2.PutObjectRequest(data=payload[i : i + 64 * 1024])

    put = objects.PutObject(upload(), timeout=TIMEOUT).object
    checks.check("PutObject: size", put.size == len(payload), put.size)
    checks.check(
        "PutObject: SSE-KMS under the bucket's key, version 1",
        put.server_side_encryption == "aws:kms"
        and put.kms_key_arn == key.arn
        and put.kms_key_version == 1,
        put,
    )
    checks.check(
        "PutObject: stored context is ours plus aws:s3:arn",
        {k: v for k, v in put.encryption_context.items() if not k.startswith("aws:")} == context
        and "aws:s3:arn" in put.encryption_context,
        dict(put.encryption_context),
    )

    def get(expected=None, name="docs/a.bin", stub=objects):
        request = objects_pb2.GetObjectRequest(bucket="python-interop", key=name)
        if expected is not None:
            request.expected_context.CopyFrom(common_pb2.EncryptionContext(pairs=expected))
        header, data = None, bytearray()
        for message in stub.GetObject(request, timeout=TIMEOUT):
            if message.HasField("header"):
                header = message.header
            data += message.data
        return header, bytes(data)

    header, data = get(context)
    checks.check("GetObject with the expected context: same bytes", data == payload, len(data))
    checks.check(
        "GetObject: header names the version put wrote",
        header is not None
        and header.object.version_id == put.version_id
        and header.length == len(payload),
        header,
    )

    head = objects.HeadObject(
        objects_pb2.HeadObjectRequest(bucket="python-interop", key="docs/a.bin"), timeout=TIMEOUT
    ).object
    checks.check(
        "HeadObject: version, size, etag and metadata as put",
        head.version_id == put.version_id
        and head.size == len(payload)
        and head.etag == put.etag
        and dict(head.user_metadata) == {"written-by": "python"},
        head,
    )

    # Rotate with a rewrap job, wait for it, and see the object's data key moved to version 2.
    rotated = jobs.RotateKey(jobs_pb2.RotateKeyRequest(key_id=key.key_id, rewrap=True), timeout=TIMEOUT)
    checks.check(
        "RotateKey with rewrap: a REWRAP job to version 2",
        rotated.HasField("job")
        and rotated.job.kind == jobs_pb2.JOB_KIND_REWRAP
        and rotated.job.target_version == 2,
        rotated,
    )
    done = jobs.WaitForJob(
        jobs_pb2.WaitForJobRequest(
            job_id=rotated.job.job_id, timeout=duration_pb2.Duration(seconds=50)
        ),
        timeout=TIMEOUT,
    ).job
    checks.check(
        "WaitForJob: the rewrap job succeeded and moved the object",
        done.state == jobs_pb2.JOB_STATE_SUCCEEDED and done.done == 1 and done.failed == 0,
        done,
    )
    described = keys.DescribeKey(keys_pb2.KeyRequest(key_id=key.key_id), timeout=TIMEOUT)
    checks.check(
        "DescribeKey: primary version 2 after rotation",
        described.key_metadata.primary_version == 2,
        described.key_metadata.primary_version,
    )
    usage = jobs.GetKeyUsage(jobs_pb2.GetKeyUsageRequest(key_id=key.key_id), timeout=TIMEOUT)
    checks.check(
        "GetKeyUsage: the object is under version 2 only",
        dict(usage.objects_by_version) == {2: 1},
        dict(usage.objects_by_version),
    )
    _, data = get(context)
    checks.check("GetObject after the rewrap: same bytes", data == payload, len(data))

    # Failures, with the codes and reasons common.proto documents.
    expect_failure(
        checks,
        "unknown token",
        lambda: identity_pb2_grpc.IdentityServiceStub(wrong).GetCallerIdentity(
            identity_pb2.GetCallerIdentityRequest(), timeout=TIMEOUT
        ),
        grpc.StatusCode.UNAUTHENTICATED,
        "UNAUTHENTICATED",
    )
    expect_failure(
        checks,
        "no credentials",
        lambda: get(stub=objects_pb2_grpc.ObjectServiceStub(anonymous)),
        grpc.StatusCode.UNAUTHENTICATED,
        "UNAUTHENTICATED",
    )
    expect_failure(
        checks,
        "GetObject of a missing object",
        lambda: get(name="docs/missing.bin"),
        grpc.StatusCode.NOT_FOUND,
        "NOT_FOUND",
    )
    received = []

    def get_wrong_context():
        request = objects_pb2.GetObjectRequest(
            bucket="python-interop",
            key="docs/a.bin",
            expected_context=common_pb2.EncryptionContext(pairs={"tenant": "evil"}),
        )
        for message in objects.GetObject(request, timeout=TIMEOUT):
            received.append(message.data)

    expect_failure(
        checks,
        "GetObject expecting another context",
        get_wrong_context,
        grpc.StatusCode.DATA_LOSS,
        "INTEGRITY_FAILURE",
    )
    checks.check(
        "GetObject expecting another context: no data released",
        sum(len(d) for d in received) == 0,
        sum(len(d) for d in received),
    )
    _, info = expect_failure(
        checks,
        "GetObject by a principal without permission",
        lambda: get(stub=objects_pb2_grpc.ObjectServiceStub(denied)),
        grpc.StatusCode.PERMISSION_DENIED,
        "ACCESS_DENIED",
    )
    checks.check(
        "GetObject by a principal without permission: ErrorInfo explains the denial",
        info is not None and info.metadata.get("explanation", "") != "",
        None if info is None else dict(info.metadata),
    )
    expect_failure(
        checks,
        "QueryAuditEvents by a principal without coffer:ReadAuditLog",
        lambda: list(
            audit_pb2_grpc.AuditServiceStub(denied).QueryAuditEvents(
                audit_pb2.QueryAuditEventsRequest(limit=1), timeout=TIMEOUT
            )
        ),
        grpc.StatusCode.PERMISSION_DENIED,
        "ACCESS_DENIED",
    )

    # The audit log has what we just did, as seen from this client.
    def query(**filters):
        events = []
        for message in audit.QueryAuditEvents(
            audit_pb2.QueryAuditEventsRequest(since=started, **filters), timeout=TIMEOUT
        ):
            events.extend(message.events)
        return events

    mine = query(principal=args.principal)
    names = [e.event_name for e in mine]

    def first(name, outcome=audit_pb2.AUDIT_OUTCOME_ALLOWED, **parameters):
        """Our first event of this name and outcome from this client with these parameters."""
        for e in mine:
            if (
                e.event_name == name
                and e.outcome == outcome
                and e.source_address == "127.0.0.1"
                and all(e.request_parameters.get(k) == v for k, v in parameters.items())
            ):
                return e
        return None

    ours = {"bucket": "python-interop", "key": "docs/a.bin"}
    for name, parameters in (
        ("CreateKey", {}),
        ("CreateBucket", {"bucket": "python-interop"}),
        ("PutObject", ours),
        ("GetObject", ours),
        ("HeadObject", ours),
        ("RotateKeyOnDemand", {"keyId": key.key_id}),
        ("RotationJobStarted", {}),
    ):
        e = first(name, **parameters)
        checks.check(
            "audit: %s by %s, allowed, over TLS from this client" % (name, args.principal),
            e is not None and e.secure_transport,
            e if e is not None else sorted(set(names)),
        )
    e = first("CreateKey")
    checks.check("audit: CreateKey names the new key", e is not None and e.key_arn == key.arn, e)
    e = first("PutObject", **ours)
    checks.check(
        "audit: PutObject has the key, its version and our context",
        e is not None
        and e.key_arn == key.arn
        and e.key_version == 1
        and all(k in e.encryption_context for k in context),
        e,
    )
    e = first("RotateKeyOnDemand", keyId=key.key_id)
    checks.check("audit: RotateKeyOnDemand made version 2", e is not None and e.key_version == 2, e)
    e = first("GetObject", audit_pb2.AUDIT_OUTCOME_ERROR, **ours)
    checks.check(
        "audit: the GetObject expecting another context failed with INTEGRITY_FAILURE",
        e is not None and e.error_code == "INTEGRITY_FAILURE",
        e if e is not None else sorted(set(names)),
    )
    e = first("GetObject", audit_pb2.AUDIT_OUTCOME_ERROR, key="docs/missing.bin")
    checks.check(
        "audit: the GetObject of a missing object failed with NOT_FOUND",
        e is not None and e.error_code == "NOT_FOUND",
        e if e is not None else sorted(set(names)),
    )
    heads = query(event_name="HeadObject", bucket="python-interop")
    checks.check(
        "audit: a query by event name and bucket returns just our HeadObject",
        [(e.event_name, e.request_parameters.get("key")) for e in heads]
        == [("HeadObject", "docs/a.bin")],
        heads,
    )
    refused = query(principal=args.denied_principal, outcome=audit_pb2.AUDIT_OUTCOME_DENIED)
    refused_names = sorted(set(e.event_name for e in refused))
    checks.check(
        "audit: the denied principal's GetObject and QueryAuditEvents are recorded as DENIED",
        "GetObject" in refused_names
        and "QueryAuditEvents" in refused_names
        and all(e.error_code == "ACCESS_DENIED" for e in refused),
        refused_names,
    )
    verified = audit.VerifyAuditLog(audit_pb2.VerifyAuditLogRequest(), timeout=TIMEOUT)
    checks.check("VerifyAuditLog: intact", verified.intact, verified.summary)

    for c in (root, denied, wrong, anonymous):
        c.close()
    print(
        "interop checks: %d ok, %d failing, %.1f s"
        % (checks.passed, checks.failed, time.monotonic() - clock),
        flush=True,
    )
    return 0 if checks.failed == 0 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # an unexpected failure is a failed run, with the reason printed
        traceback.print_exc(file=sys.stdout)
        print("FAIL unexpected error (above)", flush=True)
        sys.exit(2)
