"""The demo's batch ledger: an export batch each Friday with its cases locked to it, and the results
batch the Secretariat returned for it, with the audit entries an export and a results import write."""

from __future__ import annotations

from datetime import UTC, datetime

from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord
from assessor_app.core.services import audit
from assessor_app.core.services.demo.bulk import Rows
from assessor_app.core.services.demo.lifecycle import RESULTS_CLERK, results_at
from assessor_app.core.services.review.corrections import CaseLock, lock_entries

Entry = audit.Entry


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def add_batches(rows: Rows, uids: dict[int, str], titles: dict[int, str]) -> dict[int, int]:
    """The ledger: an export batch per Friday with its cases locked to it, and the results batch the
    Secretariat returned for it; the audit entries an export and a results import write. Returns each
    exported case's batch id (its lock)."""
    locks: dict[int, int] = {}
    for leaves in sorted(rows.exported):
        cases = rows.exported[leaves]
        actor = rows.exporter[leaves]
        batch_id = rows.take(ExportBatchRecord)
        batch_uid = rows.uid()
        file_name = f"RPL-batch-{leaves:%Y%m%d}-{batch_id:03d}.xlsx"
        file_sha256 = f"{rows.rng.getrandbits(256):064x}"
        rows.add(
            ExportBatchRecord,
            id=batch_id,
            uid=batch_uid,
            kind="export",
            file_name=file_name,
            file_sha256=file_sha256,
            created_by=actor,
            created_at=_utc(leaves),
            case_count=len(cases),
        )
        rows.log(
            leaves,
            Entry(
                actor,
                "export_batch",
                batch_uid,
                "batch_exported",
                "file_sha256",
                None,
                file_sha256,
                f"{file_name}: {len(cases)} cases, data SHA-256 {rows.rng.getrandbits(256):064x}",
            ),
        )
        for application_id in cases:
            rows.add(BatchItemRecord, batch_id=batch_id, application_id=application_id, content_sha256="")
            locks[application_id] = batch_id
            rows.log(
                leaves,
                Entry(
                    actor,
                    "application",
                    uids[application_id],
                    "status",
                    "status",
                    "signed_off",
                    "exported",
                    f"exported in batch {batch_id}",
                ),
            )
            for entry in lock_entries(
                CaseLock(application_id, uids[application_id], None, False), batch_id, actor=actor
            ):
                rows.log(leaves, entry)
        returned = rows.returned.get(leaves)
        if returned:
            _results_batch(rows, leaves, batch_id, batch_uid, returned, uids, titles)
    return locks


def _results_batch(
    rows: Rows,
    leaves: datetime,
    batch_id: int,
    batch_uid: str,
    returned: list[tuple[int, str, list[tuple[int, str, str]]]],
    uids: dict[int, str],
    titles: dict[int, str],
) -> None:
    back = results_at(leaves)
    results_id = rows.take(ExportBatchRecord)
    results_uid = rows.uid()
    file_name = f"RPL-results-{back:%Y%m%d}-{batch_id:03d}.xlsx"
    file_sha256 = f"{rows.rng.getrandbits(256):064x}"
    rows.add(
        ExportBatchRecord,
        id=results_id,
        uid=results_uid,
        kind="results",
        file_name=file_name,
        file_sha256=file_sha256,
        created_by=RESULTS_CLERK,
        created_at=_utc(back),
        case_count=len(returned),
    )
    changes = 0
    for application_id, _result, fields in returned:
        rows.add(BatchItemRecord, batch_id=results_id, application_id=application_id, content_sha256="")
        for applied_id, name, new in fields:
            changes += 1
            rows.log(
                back,
                Entry(
                    RESULTS_CLERK,
                    "application",
                    uids[application_id],
                    "result_imported",
                    name,
                    None,
                    new,
                    f"{file_name} ({titles[applied_id]})",
                ),
            )
    for application_id, result, _fields in returned:
        new = "result_passed" if result == "pass" else "result_failed"
        rows.log(
            back,
            Entry(
                RESULTS_CLERK,
                "application",
                uids[application_id],
                "status",
                "status",
                "exported",
                new,
                f"results imported from {file_name}",
            ),
        )
    rows.log(
        back,
        Entry(
            RESULTS_CLERK,
            "export_batch",
            results_uid,
            "results_imported",
            "file_sha256",
            None,
            file_sha256,
            f"{file_name}, returned from batch {batch_id} ({batch_uid}): {changes} changes in {len(returned)} cases",
        ),
    )
