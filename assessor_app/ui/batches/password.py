"""Passwords of encrypted batch workbooks (every export but an unencrypted, minimised one): shown once after an export, asked for on import
and merge. Neither dialog logs the password or keeps it once closed; both open window-modal with
``open()`` so the page and the tests drive them directly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.ui import i18n, messages
from assessor_app.ui.batches.text import language_part
from assessor_app.ui.fonts import CJK_FAMILY
from assessor_app.ui.pages.base import hint_label

WARNING_STYLE = "color: #b3261e;"
PASSWORD_STYLE = (
    "QLabel#export_password { background: #fff8e1; color: #1a1a1a; border: 1px solid #c9a227; "
    "border-radius: 4px; padding: 10px 14px; }"
)
MONOSPACE_FAMILY = f"{CJK_FAMILY} Mono"  # bundled with the app, so it is the same on every laptop


def password_font(base: QFont) -> QFont:
    """A large monospaced font, so 0/O and 1/I can be told apart when the password is read out."""
    font = QFont(base)
    font.setFamilies(
        [MONOSPACE_FAMILY, QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()]
    )
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setFixedPitch(True)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 2)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    return font


class ExportPasswordDialog(QDialog):
    """The password of an encrypted workbook, shown this once: copy it, then confirm it was noted.

    Closing any other way (Escape, the window's close button) first asks whether to lose the password.
    On closing, the text is wiped from the dialog and from the clipboard (if it is still there)."""

    def __init__(
        self,
        password: str,
        file_name: str,
        description: str,
        parent: QWidget | None = None,
        *,
        full_hkid: bool = True,
    ) -> None:
        """``description`` is the export's bilingual ``describe()`` text (which never holds the password);
        ``full_hkid`` says whether the file carries full HKID numbers or masked ones."""
        super().__init__(parent)
        self.full_hkid = full_hkid
        self.setObjectName("export_password_dialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_name = file_name
        self.description = description
        self.copied = False

        self.intro = QLabel()
        self.intro.setObjectName("export_password_intro")
        self.intro.setWordWrap(True)
        self.password_label = QLabel(password)
        self.password_label.setObjectName("export_password")
        self.password_label.setTextFormat(Qt.TextFormat.PlainText)
        self.password_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.password_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.password_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password_label.setFont(password_font(self.font()))
        self.password_label.setStyleSheet(PASSWORD_STYLE)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("export_password_copy")
        self.copy_button.clicked.connect(self.copy)
        self.copied_label = QLabel()
        self.copied_label.setObjectName("export_password_copied")
        self.copied_label.hide()
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_button)
        copy_row.addWidget(self.copied_label)
        copy_row.addStretch(1)

        self.warning = QLabel()
        self.warning.setObjectName("export_password_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        bold = QFont(self.warning.font())
        bold.setBold(True)
        self.warning.setFont(bold)
        self.clipboard_note = hint_label("export_password_clipboard")
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.summary = hint_label("export_password_summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.done_button = QPushButton()
        self.done_button.setObjectName("export_password_done")
        self.buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        layout.addWidget(self.password_label)
        layout.addLayout(copy_row)
        layout.addSpacing(4)
        layout.addWidget(self.warning)
        layout.addWidget(self.clipboard_note)
        layout.addWidget(line)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self.retranslate()
        self.copy_button.setFocus()

    @property
    def shown_password(self) -> str:
        return self.password_label.text()

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.shown_password)
        self.copied = True
        self.copied_label.setText(self.tr("Copied."))
        self.copied_label.show()

    def reject(self) -> None:
        """Escape or the window's close button (Qt routes both here): the password would be lost, so
        ask first."""
        if messages.question(
            self,
            self.tr(
                "Close without noting the password? It cannot be shown again, and without it the file "
                "cannot be opened."
            ),
        ):
            super().reject()

    def done(self, result: int) -> None:
        """Wipe the password from the dialog and from the clipboard before the dialog goes."""
        clipboard = QGuiApplication.clipboard()
        if self.copied and clipboard.text() == self.shown_password:
            clipboard.clear()
        self.password_label.clear()
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Password of the encrypted workbook"))
        self.intro.setText(
            (
                self.tr("{file} carries full HKID numbers, so it is encrypted. It opens with this password:")
                if self.full_hkid
                else self.tr(
                    "{file} carries names, phone numbers and other personal data, so it is encrypted. It "
                    "opens with this password:"
                )
            ).format(file=self.file_name)
        )
        self.copy_button.setText(self.tr("Copy password"))
        if self.copied:
            self.copied_label.setText(self.tr("Copied."))
        self.warning.setText(
            self.tr(
                "This password is shown only this once and is not kept anywhere. Send it to the recipient "
                "separately from the file (for example by phone or SMS, never in the same e-mail). "
                "Without it the file cannot be opened."
            )
        )
        self.clipboard_note.setText(self.tr("The clipboard is cleared when this window closes."))
        self.summary.setText(language_part(self.description, i18n.current_language()))
        self.done_button.setText(self.tr("I have noted the password"))
        self.adjustSize()  # the wrapped texts change height with the language


class WorkbookPasswordDialog(QDialog):
    """Ask for the password of an encrypted workbook; ``password_entered`` carries it on OK.

    ``problem`` is shown in red above the field (a wrong password on the previous try)."""

    password_entered = Signal(str)

    def __init__(self, path: Path, problem: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workbook_password_dialog")
        self.path = Path(path)
        self.problem_text = problem
        self.intro = QLabel()
        self.intro.setObjectName("workbook_password_intro")
        self.intro.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("workbook_password_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(WARNING_STYLE)
        self.problem.setVisible(bool(problem))
        self.edit = QLineEdit()
        self.edit.setObjectName("workbook_password")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setMaxLength(200)
        # Own buttons, not standard ones: a language change would reset those to "OK" / "Cancel".
        self.buttons = QDialogButtonBox()
        self.ok_button = QPushButton()
        self.ok_button.setObjectName("workbook_password_open")
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("workbook_password_cancel")
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.edit.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.retranslate()
        self._update_ok()
        self.edit.setFocus()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.edit.text().strip()))

    def submit(self) -> None:
        password = self.edit.text().strip()
        if not password:
            return
        self.accept()
        self.password_entered.emit(password)

    def done(self, result: int) -> None:
        self.edit.clear()
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Encrypted workbook"))
        self.intro.setText(
            self.tr(
                "{file} is encrypted: it carries personal data. Type the password that was sent "
                "to you separately from the file."
            ).format(file=self.path.name)
        )
        self.problem.setText(
            self.tr("{problem} Check it and type it again.").format(problem=self.problem_text)
            if self.problem_text
            else ""
        )
        self.edit.setPlaceholderText(self.tr("Password"))
        self.ok_button.setText(self.tr("Open"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.adjustSize()  # the wrapped texts change height with the language
