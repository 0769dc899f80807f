"""Headless lodging's reading and conversion: a JSON object becomes the intake form, or each refusal is named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from assessor_app.core.db.database import Database
from assessor_app.core.db.models.audit_sync import AuditEventRecord
from assessor_app.core.db.models.cases import ApplicationRecord, EventRecord
from assessor_app.core.errors import AppError, ValidationError
from assessor_app.core.services.intake import lodging
from assessor_app.core.services.intake.lodge_file import (
    MAX_FILE_BYTES,
    convert_application,
    load_references,
    lodge_file,
    lodge_objects,
    parse_applications,
    read_applications,
)
from tests.core.test_evidence import EVENT_DAY, qualification_id
from tests.core.user_helpers import add_user

TODAY = EVENT_DAY
SURVEYING = "Supporting and Ancillary Services – Surveying"


@pytest.fixture
def ready(database: Database) -> Database:
    """A station, a promotion day with code LOG-DEMO and an intake clerk."""
    lodging.set_local_station(database, "LT01")
    lodging.create_event(
        database, name="Logistics day", event_date=EVENT_DAY, agency_code="HKUSPACE", code="LOG-DEMO"
    )
    add_user(database, "amy", "Amy Wong", "intake_clerk")
    return database


def application(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "event": "LOG-DEMO",
        "name_zh": "陳大文",
        "surname_en": "chan",
        "given_names_en": "Tai Man",
        "hkid": "A123456(3)",
        "residence_status": "A",
        "date_of_birth": "15/03/1985",
        "phone": "9123 4567",
        "address": "香港東涌富東樓 1 號",
        "hkid_original_seen": True,
        "pics_acknowledged": True,
        "qualifications": [{"qualification": SURVEYING, "carer_declaration": False}],
        "employment": [row()],
    }
    data.update(overrides)
    return data


def row(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "employer": "Harbour Surveyors",
        "industry": "Logistics",
        "start": "2015-01-01",
        "end": "2020-12-31",
        "relevant_to": [SURVEYING],
    }
    data.update(overrides)
    return data


def convert(database: Database, data: dict[str, Any]) -> Any:
    with database.session() as session:
        return convert_application(data, load_references(session))


def refusal(database: Database, items: list[Any], *, as_list: bool = True) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        lodge_objects(database, items, as_list=as_list, username="amy", today=TODAY)
    assert raised.value.code == "lodge_file_invalid"
    return raised.value.details


def case_count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(ApplicationRecord)) or 0)


def test_an_object_becomes_the_form_with_ids_resolved(ready: Database) -> None:
    surveying = qualification_id(ready, industry="Logistics", level=2)
    converted = convert(
        ready,
        application(
            qualifications=[{"qualification": SURVEYING, "carer_declaration": False}],
            employment=[
                row(relevant_to=[]),
                row(
                    start="2021-01-01",
                    end="",
                    present=True,
                    employment_type="part_time",
                    hours_per_week=20,
                    relevant_to=[SURVEYING],
                    kind="employment",
                ),
            ],
            received_on="2023-11-01",
        ),
    )
    assert converted.problems == []
    form = converted.form
    with ready.session() as session:
        event_id = session.scalar(select(EventRecord.id))
    assert form.event_id == event_id
    assert form.qualification_ids == [surveying]
    assert form.carer_qualification_ids == []
    assert form.received_on == "2023-11-01"
    assert [entry.relevant_to for entry in form.employment] == [[], [surveying]]
    assert form.employment[1].present is True
    assert form.employment[1].hours_per_week == "20"
    assert converted.update_particulars is False


def test_qualifications_by_qr_number_and_chinese_title_with_carer_declarations(ready: Database) -> None:
    qr = "15/003202/L2"  # 與服務使用者的溝通及關顧, seeded with its QR number
    converted = convert(
        ready,
        application(
            qualifications=[
                {"qualification": "１５／００３２０２／ｌ２"},  # full-width, as an input method types it
                {"qualification": "一般家居照顧", "carer_declaration": True},
            ],
            employment=[row(industry="Elderly care", relevant_to=[qr, "一般家居照顧"], kind="caring")],
        ),
    )
    assert converted.problems == []
    communication, home_care = converted.form.qualification_ids
    assert converted.form.carer_qualification_ids == [home_care]
    assert converted.form.employment[0].relevant_to == [communication, home_care]
    assert converted.form.employment[0].kind == "caring"


def test_unknown_keys_are_refused_with_a_guess(ready: Database) -> None:
    converted = convert(
        ready,
        application(
            hkid_orignal_seen=True,
            employment=[row(presnt=True)],
            qualifications=[{"qualification": SURVEYING, "carer": True}],
        ),
    )
    fields = {problem.field: problem for problem in converted.problems}
    assert set(fields) == {"hkid_orignal_seen", "employment.0.presnt", "qualifications.0.carer"}
    assert 'did you mean "hkid_original_seen"' in fields["hkid_orignal_seen"].en
    assert 'did you mean "present"' in fields["employment.0.presnt"].en
    assert all(problem.code == "unknown_key" for problem in converted.problems)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"hkid_original_seen": "yes"}, "hkid_original_seen"),
        ({"pics_acknowledged": 1}, "pics_acknowledged"),
        ({"phone": 91234567}, "phone"),
        ({"employment": {"employer": "x"}}, "employment"),
        ({"qualifications": ["Surveying"]}, "qualifications.0"),
        ({"employment": [row(present="no")]}, "employment.0.present"),
        ({"employment": [row(hours_per_week="20 hours")]}, "employment.0.hours_per_week"),
        ({"employment": [row(hours_per_week=True)]}, "employment.0.hours_per_week"),
        ({"employment": [row(hours_per_week=20.5)]}, "employment.0.hours_per_week"),
        ({"employment": [row(relevant_to=SURVEYING)]}, "employment.0.relevant_to"),
        ({"employment": [row(relevant_to=[3])]}, "employment.0.relevant_to.0"),
        ({"update_particulars": "true"}, "update_particulars"),
        ({"qualifications": [{"qualification": SURVEYING, "qf_level": "2"}]}, "qualifications.0.qf_level"),
    ],
)
def test_wrong_types_are_named(ready: Database, overrides: dict[str, Any], field: str) -> None:
    converted = convert(ready, application(**overrides))
    assert [(p.field, p.code) for p in converted.problems] == [(field, "wrong_type")]


def test_hours_as_digits_or_a_whole_number_are_accepted(ready: Database) -> None:
    for hours in ("24", "２４", 24, 24.0):
        converted = convert(
            ready, application(employment=[row(employment_type="part_time", hours_per_week=hours)])
        )
        assert converted.problems == [], hours


def test_references_that_do_not_resolve(ready: Database) -> None:
    converted = convert(
        ready,
        application(
            event="NO-SUCH-DAY",
            qualifications=[
                {"qualification": "Surveying"},  # not the exact title
                {"qualification": "Printing Industry – Desktop Publishing"},  # two levels share it
                {"qualification": "Printing Industry – Desktop Publishing", "qf_level": 3},
            ],
            employment=[row(relevant_to=["Cargo handling"]), {"employer": "x"}],
        ),
    )
    codes = {problem.field: problem.code for problem in converted.problems}
    assert codes == {
        "event": "event_unknown",
        "qualifications.0.qualification": "qualification_unknown",
        "qualifications.1.qualification": "qualification_ambiguous",
        "employment.0.relevant_to.0": "qualification_unknown",
        "employment.1.relevant_to": "relevant_to_required",
    }
    assert len(converted.form.qualification_ids) == 1  # the level-3 one, named with qf_level


def test_a_title_two_levels_share_is_the_one_on_the_form_in_relevant_to(ready: Database) -> None:
    title = "Printing Industry – Desktop Publishing"
    converted = convert(
        ready,
        application(
            qualifications=[{"qualification": title, "qf_level": 3}],
            employment=[row(industry="Printing and publishing", relevant_to=[title])],
        ),
    )
    assert converted.problems == []
    assert converted.form.employment[0].relevant_to == converted.form.qualification_ids


def test_a_list_lodges_all_in_order_with_the_user_as_operator(ready: Database) -> None:
    items = [application(hkid=hkid) for hkid in ("A123456(3)", "P５００００１（０）", "C668668(9)")]
    lodged = lodge_objects(ready, items, as_list=True, username="amy", today=TODAY)
    references = [result.reference_no for result in lodged.results]
    assert references == sorted(references)
    assert len(set(references)) == 3
    with ready.session() as session:
        cases = session.scalars(select(ApplicationRecord).order_by(ApplicationRecord.id)).all()
        assert [case.reference_no for case in cases] == references
        assert {case.created_by for case in cases} == {"amy"}
        assert cases[1].applicant.hkid == "P500001(0)"


def test_one_bad_item_lodges_nothing_and_names_item_and_field(ready: Database) -> None:
    items = [
        application(),
        application(hkid="P500001(0)", employment=[row(start="2020-01-01", end="2019-01-01")]),
        application(hkid="C668668(9)", pics_acknowledged=False),
    ]
    details = refusal(ready, items)
    assert details == [
        "[1] employment.0.end: The end date is before the start date. / 結束日期早於開始日期。",
        "[2] pics_acknowledged: The applicant must acknowledge the Personal Information Collection "
        "Statement. / 申請人必須確認已閱讀《收集個人資料聲明》。",
    ]
    assert case_count(ready) == 0


def test_a_single_object_has_no_item_index_and_the_hkid_must_have_been_seen(ready: Database) -> None:
    details = refusal(ready, [application(hkid_original_seen=False)], as_list=False)
    assert details == [
        "hkid_original_seen: Check the number against the original HKID card and tick the box. / "
        "請核對身份證正本並剔選此項。"
    ]


def test_a_wrong_type_is_not_also_reported_as_required(ready: Database) -> None:
    details = refusal(ready, [application(surname_en=["CHAN"])], as_list=False)
    assert details == ["surname_en: Must be text (a JSON string). / 必須為文字（JSON 字串）。"]


def test_the_form_rules_apply_as_on_the_page(ready: Database) -> None:
    details = refusal(
        ready,
        [
            application(
                qualifications=[{"qualification": SURVEYING, "carer_declaration": True}],
                employment=[row(industry="Shipping")],
            )
        ],
        as_list=False,
    )
    assert [detail.split(":")[0] for detail in details] == [
        "qualifications.0.carer_declaration",
        "employment.0.industry",
    ]


@pytest.mark.parametrize(("username", "code"), [("nobody", "unknown_user"), ("root", "role_not_allowed")])
def test_the_user_must_be_an_active_user_who_may_lodge(ready: Database, username: str, code: str) -> None:
    add_user(ready, "root", "Administrator", "administrator")
    with pytest.raises(AppError) as raised:
        lodge_objects(ready, [application()], as_list=False, username=username, today=TODAY)
    assert raised.value.code == code
    assert case_count(ready) == 0


def test_a_known_hkid_keeps_its_particulars_unless_asked(ready: Database) -> None:
    lodge_objects(ready, [application()], as_list=False, username="amy", today=TODAY)
    lodge_objects(ready, [application(phone="6123 4567")], as_list=False, username="amy", today=TODAY)
    with ready.session() as session:
        applicant = session.scalars(select(ApplicationRecord)).first().applicant  # type: ignore[union-attr]
        assert applicant.phone == "+85291234567"
    lodge_objects(
        ready,
        [application(phone="6123 4567", update_particulars=True)],
        as_list=False,
        username="amy",
        today=TODAY,
    )
    with ready.session() as session:
        applicant = session.scalars(select(ApplicationRecord)).first().applicant  # type: ignore[union-attr]
        assert applicant.phone == "+85261234567"
        changed = session.scalars(
            select(AuditEventRecord.field).where(AuditEventRecord.action == "particulars_updated")
        ).all()
        assert changed == ["phone"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "lodge_file_not_json"),
        ("[]", "lodge_file_empty"),
        ('[{"hkid": "A"}, 3]', "lodge_file_not_object"),
        ('"an application"', "lodge_file_not_object"),
        ('{"hkid": "A", "hkid": "B"}', "lodge_file_not_json"),
        ('{"hours_per_week": NaN}', "lodge_file_not_json"),
    ],
)
def test_a_file_that_is_not_applications_is_refused(text: str, code: str) -> None:
    with pytest.raises(AppError) as raised:
        parse_applications(text, source=Path("in.json"))
    assert raised.value.code == code
    assert raised.value.en.startswith("in.json: ")
    assert raised.value.zh.startswith("in.json：")


def test_the_file_is_read_as_utf8_within_the_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text("\ufeff" + json.dumps({"name_zh": "陳大文"}, ensure_ascii=False), encoding="utf-8")
    assert read_applications(path) == ([{"name_zh": "陳大文"}], False)
    for name, content, code in (
        ("big.json", b" " * (MAX_FILE_BYTES + 1), "lodge_file_too_large"),
        ("big5.json", '{"name_zh": "陳大文"}'.encode("big5"), "lodge_file_not_utf8"),
    ):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(AppError) as raised:
            read_applications(tmp_path / name)
        assert raised.value.code == code
    for missing in (tmp_path / "missing.json", tmp_path):
        with pytest.raises(AppError) as raised:
            read_applications(missing)
        assert raised.value.code == "lodge_file_missing"


def test_the_documented_example_lodges(ready: Database) -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "lodge-example.json"
    lodged = lodge_file(ready, example, username="amy")
    assert len(lodged.results) == 2
    assert lodged.as_list


def test_the_fee_paid_and_its_receipt_number_are_lodged_as_the_form_lodges_them(ready: Database) -> None:
    lodge_objects(
        ready,
        [application(fee_paid=True, fee_receipt_no="ｒ-2023/0457")],  # full width, as typed in Chinese mode
        as_list=False,
        username="amy",
        today=TODAY,
    )
    with ready.session() as session:
        case = session.scalars(select(ApplicationRecord)).one()
        assert (case.fee_paid, case.fee_receipt_no, case.fee_hkd) == (True, "R-2023/0457", 290)


def test_a_receipt_needs_the_fee_paid_and_a_receipt_number_its_own_characters(ready: Database) -> None:
    details = refusal(
        ready,
        [
            application(fee_receipt_no="R-1"),
            application(hkid="P500001(0)", fee_paid=True, fee_receipt_no="R#1"),
            application(hkid="C668668(9)", fee_paid="yes"),
        ],
    )
    assert details[0] == (
        "[0] fee_paid: A receipt number is given: tick that the fee was paid. / 已填寫收據編號：請剔選已繳付費用。"
    )
    assert details[1].startswith("[1] fee_receipt_no: A receipt number holds letters, digits")
    assert details[2].startswith("[2] fee_paid:")
    assert case_count(ready) == 0
