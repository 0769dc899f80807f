"""Generated cases for the benchmarks: Hong Kong names, HKIDs, reference numbers and employers, written
straight into a migrated database with bulk Core inserts (the search triggers index them as any write)."""

from __future__ import annotations

import random
from datetime import date, timedelta

SURNAMES = [
    ("陳", "CHAN"), ("李", "LEE"), ("張", "CHEUNG"), ("黃", "WONG"), ("王", "WONG"), ("林", "LAM"),
    ("劉", "LAU"), ("吳", "NG"), ("楊", "YEUNG"), ("梁", "LEUNG"), ("何", "HO"), ("鄭", "CHENG"),
    ("郭", "KWOK"), ("馮", "FUNG"), ("蔡", "CHOI"), ("曾", "TSANG"), ("鄧", "TANG"), ("蕭", "SIU"),
]  # fmt: skip
GIVEN = [
    ("大", "Tai"), ("文", "Man"), ("小", "Siu"), ("梅", "Mui"), ("志", "Chi"), ("強", "Keung"),
    ("嘉", "Ka"), ("欣", "Yan"), ("俊", "Chun"), ("傑", "Kit"), ("美", "Mei"), ("玲", "Ling"),
    ("家", "Ka"), ("明", "Ming"), ("偉", "Wai"), ("華", "Wah"), ("麗", "Lai"), ("珊", "Shan"),
    ("國", "Kwok"), ("榮", "Wing"), ("德", "Tak"), ("輝", "Fai"), ("詠", "Wing"), ("琪", "Kei"),
]  # fmt: skip
EMPLOYERS = [
    "Cathay Pacific Services Limited", "Hong Kong Air Cargo Terminals Limited", "DHL Aviation (Hong Kong)",
    "Kerry Logistics Network", "Modern Terminals Limited", "Hongkong International Terminals",
    "Swire Pacific Logistics", "Jardine Aviation Services", "國泰航空服務有限公司", "香港空運貨站有限公司",
    "嘉里物流聯網", "現代貨箱碼頭有限公司", "SF Express (Hong Kong)", "Lalamove Logistics",
]  # fmt: skip


def people(count: int, rng: random.Random) -> list[tuple[str, str, str, str]]:
    """(Chinese name, English surname, given names, HKID) for ``count`` people."""
    people = []
    for number in range(count):
        surname_zh, surname_en = rng.choice(SURNAMES)
        given = rng.sample(GIVEN, 2)
        letter = chr(ord("A") + rng.randrange(26))
        hkid = f"{letter}{number:06d}({rng.randrange(10)})"
        people.append(
            (surname_zh + given[0][0] + given[1][0], surname_en, f"{given[0][1]} {given[1][1]}", hkid)
        )
    return people


def fill_cases(database: object, count: int, rng: random.Random) -> None:
    from sqlalchemy import insert

    from assessor_app.core.db.database import Database
    from assessor_app.core.db.models.cases import ApplicantRecord, ApplicationRecord, EmploymentPeriodRecord

    assert isinstance(database, Database)
    persons = people(count, rng)
    start = date(2019, 1, 1)
    with database.session() as session:
        session.execute(
            insert(ApplicantRecord),
            [
                {"residence_status": "P", "name_zh": zh, "surname_en": sn, "given_names_en": gn, "hkid": hkid}
                for zh, sn, gn, hkid in persons
            ],
        )
        session.execute(
            insert(ApplicationRecord),
            [
                {
                    "applicant_id": index + 1,
                    "reference_no": f"LT{index % 4 + 1:02d}-{(start + timedelta(days=index // 60)):%Y%m%d}-{index:04d}",
                    "station_code": f"LT{index % 4 + 1:02d}",
                    "status": rng.choice(["lodged", "under_review", "result_passed", "draft"]),
                    "application_date": start + timedelta(days=index // 60),
                    "residence_status": "P",
                    "name_zh": zh,
                    "surname_en": sn,
                    "given_names_en": gn,
                }
                for index, (zh, sn, gn, _hkid) in enumerate(persons)
            ],
        )
        session.execute(
            insert(EmploymentPeriodRecord),
            [
                {
                    "application_id": index + 1,
                    "position": position,
                    "employer": rng.choice(EMPLOYERS),
                    "start_date": date(2005 + position * 4, 1, 1),
                }
                for index in range(count)
                for position in range(rng.choice((2, 3)))
            ],
        )
