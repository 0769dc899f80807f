"""The demo's batch ledger: an export batch each Friday with its cases locked to it, and the results
batch the Secretariat returned for it, with the audit entries an export and a results import write."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from assessor_app.core.db.models.audit_sync import BatchItemRecord, ExportBatchRecord
from assessor_app.core.services import audit
from assessor_app.core.services.demo.bulk import Rows
from assessor_app.core.services.demo.lifecycle import RESULTS_CLERK, Life, results_at
from assessor_app.core.services.review.corrections import CaseLock, lock_entries

Entry = audit.Entry


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Batch:
    """One Friday's export batch, and the results batch the Secretariat returned for it (if it did)."""

    leaves: datetime
    cases: tuple[int, ...]  # the applications that left in it
    exporter: str
    batch_id: int
    batch_uid: str
    file_name: str
    file_sha256: str
    data_sha256: str
    results_id: int | None = None  # the results batch's row, when the results came back
    results_uid: str = ""
    results_sha256: str = ""


class Ledger:
    """The ledger's batch rows, drawn as the cases' lives become known, before the cases' own rows (whose
    locks name them): an export batch per Friday some case left in, and the results batch for it when its
    results came back. A Friday's batches are drawn once no case still to come can leave in them."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows
        self._exported: dict[datetime, list[int]] = defaultdict(list)
        self._exporter: dict[datetime, str] = {}
        self._returned: Counter[datetime] = Counter()
        self.locks: dict[int, int] = {}  # each exported case's batch id, once its batch is drawn
        self.drawn = 0

    def note(self, application_id: int, life: Life) -> None:
        """A case's life: the Friday it left in, and whether its results came back."""
        if life.exported_at is not None:
            self._exported[life.exported_at].append(application_id)
            self._exporter.setdefault(life.exported_at, life.exported_by)
            self._returned[life.exported_at] += life.result_at is not None

    def draw_before(self, horizon: datetime | None) -> list[Batch]:
        """The batches of the Fridays before ``horizon`` (every one left, at ``None``), in time order."""
        rows = self._rows
        batches = []
        for leaves in sorted(f for f in self._exported if horizon is None or f < horizon):
            cases = self._exported.pop(leaves)
            batch_id = rows.take(ExportBatchRecord)
            batch_uid = rows.uid()
            file_name = f"RPL-batch-{leaves:%Y%m%d}-{batch_id:03d}.xlsx"
            file_sha256, data_sha256 = (f"{rows.rng.getrandbits(256):064x}" for _ in range(2))
            exporter = self._exporter.pop(leaves)
            batch = Batch(
                leaves, tuple(cases), exporter, batch_id, batch_uid, file_name, file_sha256, data_sha256
            )
            rows.add(
                ExportBatchRecord,
                id=batch_id,
                uid=batch_uid,
                kind="export",
                file_name=file_name,
                file_sha256=batch.file_sha256,
                created_by=exporter,
                created_at=_utc(leaves),
                case_count=len(cases),
            )
            self.locks.update(dict.fromkeys(cases, batch_id))
            if self._returned[leaves]:
                batch = replace(
                    batch,
                    results_id=rows.take(ExportBatchRecord),
                    results_uid=rows.uid(),
                    results_sha256=f"{rows.rng.getrandbits(256):064x}",
                )
                rows.add(
                    ExportBatchRecord,
                    id=batch.results_id,
                    uid=batch.results_uid,
                    kind="results",
                    file_name=_results_file(batch),
                    file_sha256=batch.results_sha256,
                    created_by=RESULTS_CLERK,
                    created_at=_utc(results_at(leaves)),
                    case_count=self._returned[leaves],
                )
            batches.append(batch)
        self.drawn += sum(1 + (b.results_id is not None) for b in batches)
        return batches


def add_batches(rows: Rows, batches: list[Batch]) -> None:
    """The ledger's items and the audit entries an export and a results import write, for ``batches``
    (:meth:`Ledger.draw_before`), once their cases (and ``rows.returned``, their results) are drawn."""
    uids = rows.case_uids
    for batch in batches:
        leaves, batch_id, file_name = batch.leaves, batch.batch_id, batch.file_name
        cases, actor = batch.cases, batch.exporter
        rows.log(
            leaves,
            Entry(
                actor,
                "export_batch",
                batch.batch_uid,
                "batch_exported",
                "file_sha256",
                None,
                batch.file_sha256,
                f"{file_name}: {len(cases)} cases, data SHA-256 {batch.data_sha256}",
            ),
        )
        for application_id in cases:
            rows.add(BatchItemRecord, batch_id=batch_id, application_id=application_id, content_sha256="")
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
        if returned and batch.results_id is not None:
            _results_batch(rows, batch, batch.results_id, returned)


def _results_file(batch: Batch) -> str:
    return f"RPL-results-{results_at(batch.leaves):%Y%m%d}-{batch.batch_id:03d}.xlsx"


def _results_batch(
    rows: Rows,
    batch: Batch,
    results_id: int,
    returned: list[tuple[int, str, list[tuple[int, str, str]]]],
) -> None:
    uids, titles = rows.case_uids, rows.titles
    back = results_at(batch.leaves)
    batch_id, batch_uid, results_uid = batch.batch_id, batch.batch_uid, batch.results_uid
    file_name = _results_file(batch)
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
            batch.results_sha256,
            f"{file_name}, returned from batch {batch_id} ({batch_uid}): {changes} changes in {len(returned)} cases",
        ),
    )
