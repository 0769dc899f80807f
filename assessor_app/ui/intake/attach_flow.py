"""Attaching files to the form being typed: each is checked and stored off the GUI thread, then listed
on the form (so its draft); a file taken off is shredded in the background unless something else holds it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from assessor_app.core.domain.application_form import FormAttachment
from assessor_app.core.errors import AppError
from assessor_app.core.services.evidence.attachments import store_unrecorded
from assessor_app.core.services.evidence.intake_files import release_file, with_file
from assessor_app.ui import messages, tasks
from assessor_app.ui.case import file_access
from assessor_app.ui.context import UiContext
from assessor_app.ui.intake.form import ApplicationFormWidget


class IntakeAttacher(QObject):
    """The page's attach and remove; ``draft_uid`` names the draft the form is saved as (None: not yet)."""

    status = Signal(str, bool)  # a line for the page's status, and whether it is an error

    def __init__(
        self,
        context: UiContext,
        form: ApplicationFormWidget,
        draft_uid: Callable[[], str | None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.form = form
        self.draft_uid = draft_uid
        self.pending = 0  # attaches still being stored: lodging waits for them
        self._generation = 0  # moves on with every new form: a late file does not land on the next one
        form.attachments_box.attach_requested.connect(lambda: self.attach())
        form.attachments_box.remove_requested.connect(self.remove)

    def form_replaced(self) -> None:
        self._generation += 1

    def attach(self, paths: Sequence[Path] | None = None) -> None:
        """Store ``paths`` (asked with the file picker when None) and list those accepted on the form."""
        if not self.form.isEnabled():
            return
        parent = self.parent()
        assert isinstance(parent, QWidget)
        chosen = list(paths) if paths is not None else file_access.choose_files(parent)
        if not chosen:
            return
        database, evidence_dir = self.context.database, self.context.data_dir.evidence
        generation = self._generation

        def work(_control: tasks.TaskControl) -> tuple[list[FormAttachment], list[tuple[Path, AppError]]]:
            added: list[FormAttachment] = []
            refused: list[tuple[Path, AppError]] = []
            for path in chosen:
                try:
                    added.append(store_unrecorded(database, evidence_dir, path))
                except AppError as error:
                    refused.append((path, error))
            return added, refused

        self.pending += 1
        self.status.emit(self.tr("Attaching %n file(s)…", "", len(chosen)), False)
        tasks.run_in_background(
            work,
            on_success=lambda outcome: self._stored(generation, *outcome),
            on_error=self._failed,
        )

    def _stored(
        self, generation: int, added: list[FormAttachment], refused: list[tuple[Path, AppError]]
    ) -> None:
        self.pending -= 1
        if generation != self._generation:  # the form was lodged, cleared or replaced meanwhile
            for file in added:
                self._release(file)
            return
        if added:
            files = list(self.form.attachments_box.files)
            for file in added:
                files = with_file(files, file)
            self.form.set_attachments(files)
            self.status.emit(
                self.tr("Attached: {names}.").format(names=", ".join(f.original_name for f in added)), False
            )
        if refused:
            language = self.context.language
            text = "\n\n".join(
                self.tr("{name} was not attached: {reason}").format(
                    name=path.name, reason=error.message(language)
                )
                for path, error in refused
            )
            self.status.emit(self.tr("%n file(s) not attached: see the message.", "", len(refused)), True)
            parent = self.parent()
            messages.warning(parent if isinstance(parent, QWidget) else None, text)

    def _failed(self, exc: BaseException) -> None:
        self.pending -= 1
        tasks.show_error(exc)

    def remove(self, file: FormAttachment) -> None:
        """Take ``file`` off the form (an edit the draft keeps) and release its stored copy."""
        if not self.form.isEnabled():
            return
        self.form.set_attachments(
            [kept for kept in self.form.attachments_box.files if kept.sha256 != file.sha256]
        )
        self.status.emit(self.tr("Removed: {name}.").format(name=file.original_name), False)
        self._release(file)

    def _release(self, file: FormAttachment) -> None:
        database, evidence_dir = self.context.database, self.context.data_dir.evidence
        uid = self.draft_uid() or ""
        tasks.run_in_background(
            lambda _control: release_file(database, evidence_dir, file, draft_uid=uid),
            on_error=self._release_failed,
        )

    def _release_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.status.emit(exc.message(self.context.language), True)
        else:
            tasks.show_error(exc)
