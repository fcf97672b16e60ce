/**
 * The audit log: a tamper-evident, fail-closed record of every key and object operation, modelled
 * on CloudTrail (what a record says, and log-file integrity validation) and on Vault (failing
 * closed, hashing sensitive values).
 *
 * <p>A keystore opened with {@link dev.coffer.keystore.Keystore.Builder#auditLog} keeps its log in
 * one directory (a Coffer data directory's {@code audit/}): segment files of length-prefixed,
 * checksummed protobuf records (layout in {@code coffer/format/v1/audit.proto}), each carrying
 * {@code SHA-256(previous hash ‖ record)}; every N events or T seconds, at each segment roll and on
 * close, a digest record signed with an Ed25519 key that the keystore holds, chained to the
 * previous digest's signature. The keystore remembers the head (sequence number and hash) at each
 * digest, and the digests carry the keystore's generation, so a log cut back to an earlier valid
 * chain, and a keystore older than its log, are both refused at open. {@link
 * dev.coffer.keystore.audit.AuditLog#verifyCopy} checks a copy with nothing but the exported public
 * key, and {@link dev.coffer.keystore.audit.AuditLog#openCopy} queries and exports one, read-only,
 * with nothing at all.
 *
 * <h2>What each keystore operation records</h2>
 *
 * <p>Every call appends exactly one event, allowed, denied or failed: event source {@code
 * keystore}, the event name below, the caller's principal (and source address, client and {@code
 * kms:ViaService} when the sidecar or the engine calls), the read-only flag, request parameters,
 * the encryption context (crypto calls), response elements (the key ARN and version used), the
 * resources acted on, the outcome ({@code ALLOWED}, {@code DENIED}, {@code ERROR}) with the {@link
 * dev.coffer.keystore.ErrorCode} and message of a failure, and the access decision's explanation.
 * {@code keyId} is the key as the caller named it (id, {@code alias/NAME} or ARN); the resource is
 * the resolved key ARN. {@code AuditRecordTableTest} checks this table.
 *
 * <table>
 *   <caption>Records of the keystore's operations</caption>
 *   <tr><th>event</th><th>read-only</th><th>request parameters</th><th>resources</th>
 *       <th>key version</th></tr>
 *   <tr><td>CreateKey</td><td>no</td><td>description (tags as a JSON object and policy: custom,
 *       if given)</td>
 *       <td>the new key</td><td>1</td></tr>
 *   <tr><td>DescribeKey, ListKeyPolicies, ListGrants, GetKeyRotationStatus, ListKeyRotations</td>
 *       <td>yes</td><td>keyId</td><td>key</td><td></td></tr>
 *   <tr><td>ListKeys, ListAliases</td><td>yes</td><td>(ListAliases of a key: keyId)</td>
 *       <td>(that key)</td><td></td></tr>
 *   <tr><td>EnableKey, DisableKey, CancelKeyDeletion, DisableKeyRotation</td><td>no</td>
 *       <td>keyId</td><td>key</td><td></td></tr>
 *   <tr><td>UpdateKeyDescription</td><td>no</td><td>keyId, description</td><td>key</td>
 *       <td></td></tr>
 *   <tr><td>ScheduleKeyDeletion</td><td>no</td><td>keyId, pendingWindowInDays</td><td>key</td>
 *       <td></td></tr>
 *   <tr><td>CreateAlias, UpdateAlias</td><td>no</td><td>aliasName, targetKeyId</td>
 *       <td>target key</td><td></td></tr>
 *   <tr><td>DeleteAlias</td><td>no</td><td>aliasName</td><td>its key</td><td></td></tr>
 *   <tr><td>TagResource</td><td>no</td><td>keyId, tags (a JSON object)</td><td>key</td>
 *       <td></td></tr>
 *   <tr><td>UntagResource</td><td>no</td><td>keyId, tagKeys (a JSON array)</td><td>key</td>
 *       <td></td></tr>
 *   <tr><td>ListResourceTags</td><td>yes</td><td>keyId</td><td>key</td><td></td></tr>
 *   <tr><td>GetKeyPolicy</td><td>yes</td><td>keyId, policyName</td><td>key</td><td></td></tr>
 *   <tr><td>PutKeyPolicy</td><td>no</td>
 *       <td>keyId, policyName, bypassPolicyLockoutSafetyCheck</td><td>key</td><td></td></tr>
 *   <tr><td>CreateGrant</td><td>no</td>
 *       <td>keyId, granteePrincipal, operations, retiringPrincipal, grantId</td><td>key</td>
 *       <td></td></tr>
 *   <tr><td>ListRetirableGrants</td><td>yes</td><td>retiringPrincipal</td><td></td><td></td></tr>
 *   <tr><td>RetireGrant</td><td>no</td><td>grantId (and keyId when named by key)</td><td>key</td>
 *       <td></td></tr>
 *   <tr><td>RevokeGrant</td><td>no</td><td>keyId, grantId</td><td>key</td><td></td></tr>
 *   <tr><td>PutPrincipalPolicy, GetPrincipalPolicy, DeletePrincipalPolicy</td>
 *       <td>Get: yes</td><td>principal, policyName</td><td></td><td></td></tr>
 *   <tr><td>ListPrincipalPolicies</td><td>yes</td><td>principal</td><td></td><td></td></tr>
 *   <tr><td>EnableKeyRotation</td><td>no</td><td>keyId, rotationPeriodInDays</td><td>key</td>
 *       <td></td></tr>
 *   <tr><td>RotateKeyOnDemand</td><td>no</td><td>keyId</td><td>key</td><td>the new one</td></tr>
 *   <tr><td>UpdateMinDecryptionVersion</td><td>no</td><td>keyId, minDecryptionVersion</td>
 *       <td>key</td><td></td></tr>
 *   <tr><td>DestroyKeyVersion</td><td>no</td><td>keyId</td><td>key</td><td>the one destroyed</td></tr>
 *   <tr><td>GenerateDataKey, GenerateDataKeyWithoutPlaintext</td><td>yes</td>
 *       <td>keyId, numberOfBytes; encryption context</td><td>key</td><td>primary</td></tr>
 *   <tr><td>Encrypt</td><td>yes</td><td>keyId; encryption context</td><td>key</td>
 *       <td>primary</td></tr>
 *   <tr><td>Decrypt</td><td>yes</td><td>(keyId, if named); encryption context</td><td>key</td>
 *       <td>the ciphertext's</td></tr>
 *   <tr><td>ReEncrypt</td><td>yes</td>
 *       <td>destinationKeyId, sourceKeyArn, sourceKeyVersion (sourceKeyId, if named);
 *       destination and source encryption contexts</td>
 *       <td>source and destination keys (one if the same)</td><td>destination primary</td></tr>
 *   <tr><td>RotateKey, DeleteKey (the keystore itself, principal {@code coffer:keystore})</td>
 *       <td>no</td><td>reason (RotateKey: newVersion)</td><td>key</td><td></td></tr>
 * </table>
 *
 * <p>A denied or failed call records what the request said and what was learned before it stopped:
 * not the id of the grant it would have created, nor a ReEncrypt's source key once the source was
 * refused. The log records two events about itself, with source {@code audit} and principal {@code
 * coffer:audit}: {@code RecoverTornWrite} when it cut a torn last write at open, and {@code
 * RemoveExpiredSegments} when retention removed segments. A log begun anew by {@link
 * dev.coffer.keystore.Keystore.Builder#recoverAuditLog} starts with {@code RecoverAuditLog}, source
 * {@code audit}, principal the operator who ran it: the problem found ({@code problem}, {@code
 * problemSequenceNumber}, {@code problemSegment}, {@code problemDetail}), how far the damaged log
 * was intact ({@code damagedLogIntactFrom}, {@code damagedLogIntactThrough}), where it went ({@code
 * damagedLogSetAsideAt}, and {@code interruptedRecoverySetAsideAt} for what an interrupted run had
 * begun), the head continued from ({@code continuesFromSequenceNumber}, {@code continuesFromHash})
 * and the operator's {@code reason}.
 *
 * <h2>Failing closed</h2>
 *
 * <p>A record that cannot be written refuses its operation: the caller gets {@link
 * dev.coffer.keystore.AuditUnavailableException} and any plaintext is withheld. Before the keystore
 * commits a change, it asks the log for room for the record ({@link
 * dev.coffer.keystore.AuditSink#ensureAvailable}); a full disk, a read-only directory or a closed
 * or failed log refuses the change there, before it is made. Records are copied into memory-mapped,
 * preallocated segments: in the OS when the call returns (they survive a crash of the process);
 * with {@link dev.coffer.keystore.audit.AuditLogConfig#sync()} on, fsynced first, one fsync for all
 * waiting callers. A failed fsync fails the log until it is reopened. What remains: if the disk
 * fails after a change is committed and before its record is written (or, with sync on, an fsync
 * fails then), the change stands but is not acknowledged.
 */
package dev.coffer.keystore.audit;
