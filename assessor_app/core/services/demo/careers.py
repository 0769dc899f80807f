"""Employment histories: a trade's posts and employers (logistics here), drawn into one to three periods."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from assessor_app.core.domain.enums import EmploymentType, EvidenceStatus, ResidenceStatus
from assessor_app.core.services.demo.clusters import Offer
from assessor_app.core.services.demo.event import EVENT_DAY, HOST_ORGANISATION
from assessor_app.core.services.demo.people import Person, weighted


@dataclass(frozen=True)
class Post:
    title: str
    duties: str


# A post of two families: cargo handling and surveying.
TALLY_CLERK = Post(
    "理貨員 Tally clerk",
    "Count and check cargo against manifests and air waybills; record shortages and damage. "
    "按艙單點算及核對貨物，記錄短缺及損毀。",
)
POSTS: dict[str, tuple[Post, ...]] = {
    "handling": (
        Post(
            "貨物處理員 Cargo handler",
            "Build up and break down pallets and containers (ULDs), check labels and markings against the "
            "air waybill, move cargo between bays. 組裝及拆卸集裝器，核對貨物標籤及標記。",
        ),
        Post(
            "叉車操作員 Forklift operator",
            "Operate forklifts and tractors to move cargo and ULDs in the terminal; daily equipment checks. "
            "駕駛叉車及拖車運送貨物，每日檢查機械。",
        ),
        Post(
            "機坪貨運服務員 Ramp cargo agent",
            "Load and unload aircraft holds, tow dollies to the terminal, follow ramp safety rules. "
            "負責飛機貨艙上落貨及拖運貨物。",
        ),
        TALLY_CLERK,
    ),
    "courier": (
        Post(
            "快遞分揀員 Courier sorter",
            "Sort express parcels by destination, scan barcodes, bag shipments for linehaul. "
            "按目的地分揀快件、掃描條碼及裝袋。",
        ),
        Post(
            "速遞營運文員 Express operations clerk",
            "Prepare shipment documents, calculate charges by weight and dimension, trace consignments. "
            "處理快件文件、按重量及體積計算運費、追蹤貨件。",
        ),
    ),
    "operations": (
        Post(
            "航空貨運文員 Air freight clerk",
            "Prepare air waybills and booking records, check shippers' declarations, use IATA codes. "
            "編製空運提單及訂艙紀錄，核對付運人申報。",
        ),
        Post(
            "倉務文員 Warehouse clerk",
            "Record receipts and releases in the warehouse system, run stock counts, arrange collections. "
            "於倉務系統記錄收發貨、盤點存貨及安排提貨。",
        ),
        Post(
            "出口文件主任 Export documentation officer",
            "Prepare export documents and licences; liaise with airlines, agents and Customs. "
            "處理出口文件及牌照，與航空公司、代理及海關聯絡。",
        ),
    ),
    "customer": (
        Post(
            "客戶服務主任 Customer service officer",
            "Answer shipper and consignee enquiries, resolve complaints, coordinate bookings and deliveries. "
            "處理客戶查詢及投訴，協調訂艙及送貨。",
        ),
        Post(
            "貨運代理主任 Freight forwarding officer",
            "Quote rates, book space with airlines, follow shipments through to delivery. "
            "報價、向航空公司訂艙及跟進貨件直至送達。",
        ),
        Post(
            "航空貨運主管 Air freight supervisor",
            "Supervise a shift of handlers, allocate work, check build-up quality and flight cut-off times. "
            "督導當值貨物處理員、分配工作及確保準時截貨。",
        ),
    ),
    "sales": (
        Post(
            "貨運銷售經理 Cargo sales manager",
            "Lead a sales team, plan key accounts, negotiate rates and service levels with customers. "
            "帶領銷售團隊、管理主要客戶及議定運價。",
        ),
        Post(
            "客戶關係經理 Account manager",
            "Build relationships with forwarders and shippers, review service performance, market new products. "
            "與貨運代理及付運人建立關係，推廣新服務。",
        ),
    ),
    "surveying": (
        Post(
            "貨物檢驗員 Cargo surveyor",
            "Inspect cargo condition and packing, survey damage, write survey reports for insurers. "
            "檢驗貨物狀況及包裝、勘察損毀並撰寫檢驗報告。",
        ),
        TALLY_CLERK,
    ),
}
ENTRY_FAMILIES = ("handling", "handling", "courier", "operations")

HOST_EMPLOYER = HOST_ORGANISATION
EMPLOYERS = (
    "翔鷹航空貨運服務有限公司 Soaring Eagle Air Cargo Services Ltd",
    "大嶼山貨運代理有限公司 Lantau Isle Freight Forwarding Ltd",
    "天橋地勤服務（香港）有限公司 Skybridge Ground Services (HK) Ltd",
    "青衣倉庫及配送有限公司 Tsing Yi Warehousing & Distribution Ltd",
    "葵涌貨櫃物流有限公司 Kwai Chung Container Logistics Ltd",
    "金翼速遞有限公司 Golden Wing Express Ltd",
    "東方快線速遞有限公司 Eastline Courier & Express Ltd",
    "赤鱲角機坪服務有限公司 Chek Lap Kok Ramp Services Ltd",
    "港灣貨運代理有限公司 Harbourside Forwarding Co Ltd",
    "海天貨物檢驗有限公司 Seasky Cargo Surveyors Ltd",
)
OVERSEAS_EMPLOYERS = (
    "深圳嶺南航空貨運服務有限公司 Lingnan Air Cargo Services Co Ltd (Shenzhen)",
    "Lion Gate Air Cargo Pte Ltd (Singapore)",
)


@dataclass(frozen=True)
class Trade:
    """An industry's posts (by family), the families people start in, its employers and the host
    organisation most applicants of an event work at; two employers abroad (for one-way permit holders
    and others)."""

    posts: dict[str, tuple[Post, ...]]
    entry_families: tuple[str, ...]
    employers: tuple[str, ...]
    host: str
    overseas: tuple[str, str]


LOGISTICS = Trade(
    POSTS, ENTRY_FAMILIES, EMPLOYERS, HOST_EMPLOYER, (OVERSEAS_EMPLOYERS[0], OVERSEAS_EMPLOYERS[1])
)
MIN_PERIOD_MONTHS = 6
DEFAULT_RULES = {1: (1, 1), 2: (3, 1), 3: (5, 2), 4: (6, 3)}  # if the database has no logistics rules


@dataclass(frozen=True)
class Period:
    employer: str
    post: str
    duties: str
    start: date
    end: date | None
    employment_type: EmploymentType
    hours_per_week: int | None
    in_hong_kong: bool
    relevant: bool
    letter: EvidenceStatus


def _period(
    employer: str,
    post: Post,
    start: date,
    end: date | None,
    employment_type: EmploymentType,
    hours_per_week: int | None,
    *,
    in_hong_kong: bool,
    relevant: bool,
    letter: EvidenceStatus,
) -> Period:
    """A period in ``post`` at ``employer``: the post's title and duties as the form carries them."""
    return Period(
        employer,
        post.title,
        post.duties,
        start,
        end,
        employment_type,
        hours_per_week,
        in_hong_kong,
        relevant,
        letter,
    )


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _letter_status(rng: random.Random) -> EvidenceStatus:
    return weighted(
        rng,
        (EvidenceStatus.ORIGINAL_SEEN, EvidenceStatus.COPY_RECEIVED, EvidenceStatus.MISSING),
        [55, 30, 15],
    )


def career(
    rng: random.Random,
    person: Person,
    offer: Offer,
    rules: dict[int, tuple[int, int]],
    *,
    overseas: bool,
    day: date = EVENT_DAY,
    trade: Trade = LOGISTICS,
) -> tuple[Period, ...]:
    """One to three jobs in ``trade`` up to ``day``, newest first in the drawing, returned oldest first."""
    adult = date(
        person.date_of_birth.year + 18, person.date_of_birth.month, min(person.date_of_birth.day, 28)
    )
    available = max(12, months_between(adult, day))
    required = rules.get(offer.level, DEFAULT_RULES[offer.level])[0] * 12
    if rng.random() < 0.12:  # some fall short, for the eligibility check to find
        total = max(8, required - rng.randint(2, 18))
    else:
        total = rng.randint(min(required, available), max(required, int(available * 0.85)))
    total = min(total, available)
    if overseas:
        total = max(8, min(total, available - 36))  # leave room for the job abroad before these
    count = weighted(rng, (1, 2, 3), [35, 40, 25])
    count = max(1, min(count, total // MIN_PERIOD_MONTHS))
    free = total - MIN_PERIOD_MONTHS * count
    points = sorted(rng.randint(0, free) for _ in range(count - 1))
    lengths = [b - a + MIN_PERIOD_MONTHS for a, b in zip([0, *points], [*points, free], strict=True)]

    still_there = rng.random() < 0.8
    cursor = day if still_there else _add_months(day, -rng.randint(1, 18))
    periods: list[Period] = []
    previous_employer = ""
    for index, months in enumerate(lengths):
        newest = index == 0
        if not newest and months_between(adult, cursor) < MIN_PERIOD_MONTHS:
            break
        family = offer.family if newest or rng.random() < 0.35 else rng.choice(trade.entry_families)
        post = rng.choice(trade.posts[family])
        if newest and rng.random() < 0.55:
            employer = trade.host
        else:
            employer = rng.choice([e for e in trade.employers if e != previous_employer])
        previous_employer = employer
        start = max(adult, _add_months(cursor, -months).replace(day=rng.randint(1, 28)))
        end = None if newest and still_there else max(start, cursor - timedelta(days=1))
        part_time = rng.random() < 0.1
        periods.append(
            _period(
                employer,
                post,
                start,
                end,
                EmploymentType.PART_TIME if part_time else EmploymentType.FULL_TIME,
                rng.randint(16, 30) if part_time else None,  # drawn before the letter, as always
                in_hong_kong=True,
                relevant=family == offer.family or offer.level <= 2,
                letter=_letter_status(rng),
            )
        )
        roll = rng.random()
        if roll < 0.12:
            # The older job ran on after this one began: 1-3 months, shorter than any period.
            cursor = _add_months(start, rng.randint(1, 3))
        elif roll < 0.6:
            cursor = start
        else:
            cursor = _add_months(start, -rng.randint(1, 8))  # a gap between jobs
        cursor = max(cursor, adult)
    room = months_between(adult, cursor)
    if overseas and room >= MIN_PERIOD_MONTHS:
        start = max(adult, _add_months(cursor, -rng.randint(min(12, room), min(60, room))))
        employer = trade.overseas[0 if person.residence is ResidenceStatus.ONE_WAY_PERMIT else 1]
        post = rng.choice(trade.posts[trade.entry_families[0]])
        periods.append(
            _period(
                employer,
                post,
                start,
                cursor - timedelta(days=1),
                EmploymentType.FULL_TIME,
                None,
                in_hong_kong=False,
                relevant=True,
                letter=rng.choice((EvidenceStatus.COPY_RECEIVED, EvidenceStatus.MISSING)),
            )
        )
    periods.reverse()
    return tuple(periods)
