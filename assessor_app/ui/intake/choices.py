"""Translated labels for the closed lists on the form (residence symbol, employment type, proof, language).

Each list is ``[(stored value, label), ...]`` in the order shown. Labels of the residence symbols start
with the symbol itself, so typing A, R, U or O in the combo box picks one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assessor_app.core.domain.enums import EmploymentType, EvidenceStatus, Language, ResidenceStatus
from assessor_app.core.domain.experience import CARING, EMPLOYMENT


def residence_choices() -> list[tuple[str, str]]:
    return [
        ("", QCoreApplication.translate("IntakeChoices", "Choose…")),
        (ResidenceStatus.A.value, QCoreApplication.translate("IntakeChoices", "A – right of abode")),
        (ResidenceStatus.R.value, QCoreApplication.translate("IntakeChoices", "R – right to land")),
        (ResidenceStatus.U.value, QCoreApplication.translate("IntakeChoices", "U – no condition of stay")),
        (
            ResidenceStatus.ONE_WAY_PERMIT.value,
            QCoreApplication.translate("IntakeChoices", "OWP – one-way permit holder"),
        ),
    ]


def employment_type_choices() -> list[tuple[str, str]]:
    return [
        (EmploymentType.FULL_TIME.value, QCoreApplication.translate("IntakeChoices", "Full-time")),
        (EmploymentType.PART_TIME.value, QCoreApplication.translate("IntakeChoices", "Part-time")),
        (EmploymentType.SELF_EMPLOYED.value, QCoreApplication.translate("IntakeChoices", "Self-employed")),
    ]


def period_kind_choices() -> list[tuple[str, str]]:
    return [
        (EMPLOYMENT, QCoreApplication.translate("IntakeChoices", "Employment")),
        (CARING, QCoreApplication.translate("IntakeChoices", "Caring / volunteering")),
    ]


def proof_choices() -> list[tuple[str, str]]:
    return [
        (EvidenceStatus.MISSING.value, QCoreApplication.translate("IntakeChoices", "Missing")),
        (EvidenceStatus.ORIGINAL_SEEN.value, QCoreApplication.translate("IntakeChoices", "Original seen")),
        (EvidenceStatus.COPY_RECEIVED.value, QCoreApplication.translate("IntakeChoices", "Copy received")),
    ]


def language_choices() -> list[tuple[str, str]]:
    return [
        (Language.ZH_HK.value, QCoreApplication.translate("IntakeChoices", "Chinese")),
        (Language.EN.value, QCoreApplication.translate("IntakeChoices", "English")),
    ]


def label_for(choices: list[tuple[str, str]], value: str) -> str:
    """The label of a stored value; an unknown value (an old draft) is shown as it is."""
    return next((label for code, label in choices if code == value), value)
