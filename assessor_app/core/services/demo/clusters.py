"""The qualifications the demo applicants apply for: illustrative logistics clusters of real units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessor_app.core.db.models.catalogue import (
    IndustryRecord,
    QualificationRecord,
    QualificationUnitRecord,
    UnitOfCompetencyRecord,
)
from assessor_app.core.errors import AppError

T = TypeVar("T")

ILLUSTRATIVE_SUFFIX_EN = " (illustrative)"
ILLUSTRATIVE_SUFFIX_ZH = "（示例）"
ILLUSTRATIVE_NOTE = (
    "Illustrative cluster for the demo only, not the agency's catalogue / 只供示範，並非評估機構的資歷名單"
)
SURVEYING_TITLE_EN = "Supporting and Ancillary Services – Surveying"
# The clusters' streams in Chinese, for the Chinese interface (their note is already in both languages).
STREAMS_ZH = {"Air freight": "空運", "Terminals, warehouse and logistics centre": "碼頭、倉庫及物流中心"}


class DemoCatalogueError(AppError):
    """The reference data the demo builds on (agency, industry, units) is missing."""

    code = "demo_catalogue_missing"


@dataclass(frozen=True)
class Cluster:
    title_en: str
    title_zh: str
    level: int
    stream: str
    unit_codes: tuple[str, ...]
    family: str
    weight: int


# Real units from the seeded catalogue, grouped by level. The agency's own clusters are not public.
CLUSTERS = (
    Cluster(
        "Air Cargo Handling Fundamentals",
        "航空貨物處理基礎",
        1,
        "Air freight",
        ("LOAFCN101B", "LOAFCN102B"),
        "handling",
        30,
    ),
    Cluster(
        "Courier and Express Cargo Handling",
        "速遞及快件貨物處理",
        1,
        "Air freight",
        ("LOAFCN103B", "LOAFCN104B"),
        "courier",
        10,
    ),
    Cluster(
        "Courier and Express Operations",
        "速遞及快件運作",
        2,
        "Air freight",
        ("LOAFCN203B", "LOAFCN204B", "LOCUCN203B"),
        "courier",
        10,
    ),
    Cluster(
        "Air Freight Operations Support",
        "航空貨運營運支援",
        2,
        "Air freight",
        ("LOCUCN201B", "LOCUCN202B", "LOCUCN204B"),
        "operations",
        25,
    ),
    Cluster(
        "Freight Forwarding Customer Services",
        "貨運代理客戶服務",
        3,
        "Terminals, warehouse and logistics centre",
        ("LOCUSM315A", "LOCUSM316A", "LOCUSM318A"),
        "customer",
        12,
    ),
    Cluster(
        "Logistics Sales and Customer Relationship Management",
        "物流銷售及客戶關係管理",
        4,
        "Terminals, warehouse and logistics centre",
        ("LOCUSM412A", "LOCUSM413A", "LOCUSM414A"),
        "sales",
        4,
    ),
)
SURVEYING_WEIGHT = 9


@dataclass(frozen=True)
class Offer:
    """A qualification the demo applicants may apply for."""

    qualification: QualificationRecord
    level: int
    family: str
    weight: int


def require(value: T | None, what_en: str, what_zh: str) -> T:
    if value is None:
        raise DemoCatalogueError(
            f"The demo needs {what_en} in the reference data, and this database has none.",
            f"示範資料需要參考資料中的{what_zh}，但此資料庫沒有。",
        )
    return value


def ensure_clusters(session: Session, industry: IndustryRecord) -> list[Offer]:
    """The illustrative logistics clusters (created once, then reused) and the seeded Surveying one."""
    codes = {code for cluster in CLUSTERS for code in cluster.unit_codes}
    units = {
        unit.code: unit
        for unit in session.scalars(
            select(UnitOfCompetencyRecord).where(UnitOfCompetencyRecord.code.in_(codes))
        )
    }
    missing = sorted(codes - units.keys())
    if missing:
        raise DemoCatalogueError(
            "The demo groups logistics units of competency that this database does not hold: "
            + ", ".join(missing),
            "示範資料所用的物流業能力單元不在此資料庫內：" + "、".join(missing),
        )
    offers: list[Offer] = []
    for cluster in CLUSTERS:
        title_en = cluster.title_en + ILLUSTRATIVE_SUFFIX_EN
        qualification = session.scalar(
            select(QualificationRecord).where(
                QualificationRecord.industry_id == industry.id,
                QualificationRecord.title_en == title_en,
                QualificationRecord.qf_level == cluster.level,
            )
        )
        if qualification is None:
            qualification = QualificationRecord(
                industry_id=industry.id,
                title_en=title_en,
                title_zh=cluster.title_zh + ILLUSTRATIVE_SUFFIX_ZH,
                qf_level=cluster.level,
                qr_number=None,
                stream=cluster.stream,
                stream_zh=STREAMS_ZH[cluster.stream],
                notes=ILLUSTRATIVE_NOTE,
                units=[QualificationUnitRecord(unit_id=units[code].id) for code in cluster.unit_codes],
            )
            session.add(qualification)
        offers.append(Offer(qualification, cluster.level, cluster.family, cluster.weight))
    surveying = session.scalar(
        select(QualificationRecord).where(
            QualificationRecord.industry_id == industry.id, QualificationRecord.title_en == SURVEYING_TITLE_EN
        )
    )
    if surveying is not None:
        offers.append(Offer(surveying, surveying.qf_level, "surveying", SURVEYING_WEIGHT))
    return offers
