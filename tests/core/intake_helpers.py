"""A complete, valid application form for tests to start from and spoil."""

from __future__ import annotations

from assessor_app.core.domain.application_form import ApplicationForm, EmploymentEntry


def valid_form(event_id: int | None = None, qualification_ids: list[int] | None = None) -> ApplicationForm:
    """Both jobs relevant to every qualification chosen (tests of relevance change ``relevant_to``)."""
    chosen = list(qualification_ids or [])
    return ApplicationForm(
        event_id=event_id,
        name_zh="陳大文",
        surname_en="chan",
        given_names_en="Tai Man",
        hkid="a123456(3)",
        residence_status="A",
        date_of_birth="15/03/1985",
        phone="9123 4567",
        email="taiman@example.com",
        address="香港大嶼山東涌富東邨富東樓 1 號",
        preferred_language="zh_HK",
        hkid_original_seen=True,
        hkid_copy_kept=True,
        employment=[
            EmploymentEntry(
                employer="Asia Cargo Terminal Ltd",
                post="Cargo handler 貨物處理員",
                industry="Logistics",
                start="2015-04-01",
                end="2019-12-31",
                duties="Build-up and break-down of air cargo",
                proof_status="original_seen",
                relevant_to=list(chosen),
            ),
            EmploymentEntry(
                employer="Harbour Air Freight Co",
                post="Air freight supervisor",
                industry="Logistics",
                start="2020-01-02",
                present=True,
                proof_status="missing",
                relevant_to=list(chosen),
            ),
        ],
        qualification_ids=chosen,
        pics_acknowledged=True,
    )
