"""A deterministic demo: a logistics promotion day at a cargo terminal, written only into a demo database."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessor_app.core.db.database import Database
from assessor_app.core.db.models import (
    AgencyFeeRecord,
    AgencyRecord,
    ApplicantRecord,
    ApplicationRecord,
    AppliedQualificationRecord,
    Base,
    EmploymentPeriodRecord,
    EventRecord,
    EvidenceItemRecord,
    ExperienceRuleRecord,
    IndustryRecord,
    QualificationRecord,
    QualificationUnitRecord,
    SettingRecord,
    StationRecord,
    UnitOfCompetencyRecord,
    UserRecord,
)
from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import (
    CaseStatus,
    EmploymentType,
    EvidenceStatus,
    Language,
    ResidenceStatus,
    Role,
    Route,
)
from assessor_app.core.errors import AppError
from assessor_app.core.services.intake.references import next_reference

DATABASE_KIND_KEY = "database_kind"
DEMO_KIND = "demo"

# Hong Kong has had no daylight saving since 1979, so a fixed offset needs no tz database.
HONG_KONG = timezone(timedelta(hours=8), "HKT")
EVENT_DAY = date(2023, 11, 8)
EVENT_DAY_ZH = "2023年11月8日"
EVENT_DAY_EN = "8 Nov 2023"
EVENT_CODE = "CCT-20231108"
EVENT_NAME_ZH = "國泰貨運站過往資歷認可推廣日"
EVENT_NAME_EN = "Cathay cargo terminal RPL promotion day"
EVENT_NAME = f"{EVENT_NAME_ZH} {EVENT_NAME_EN}"
HOST_ORGANISATION = "國泰貨運站 Cathay Cargo Terminal"
VENUE = "香港國際機場赤鱲角國泰貨運站 Cathay Cargo Terminal, Hong Kong International Airport, Chek Lap Kok"
AGENCY_CODE = "HKUSPACE"
INDUSTRY = "Logistics"
LOCAL_STATION = "LT01"
OTHER_STATION = "LT02"
DAY_OPENS = time(9, 30)
SET_UP_AT = datetime(2023, 11, 8, 8, 45, tzinfo=HONG_KONG).astimezone(UTC)  # laptops, users and event
DAY_SECONDS = 450 * 60  # 09:30 to 17:00

ILLUSTRATIVE_SUFFIX_EN = " (illustrative)"
ILLUSTRATIVE_SUFFIX_ZH = "（示例）"
ILLUSTRATIVE_NOTE = (
    "Illustrative cluster for the demo only, not the agency's catalogue / 只供示範，並非評估機構的資歷名單"
)
SURVEYING_TITLE_EN = "Supporting and Ancillary Services – Surveying"


class DemoRefusedError(AppError):
    """Demo data would be mixed into a database holding real cases."""

    code = "demo_refused"


class DemoCatalogueError(AppError):
    """The reference data the demo builds on (agency, industry, units) is missing."""

    code = "demo_catalogue_missing"


@dataclass(frozen=True)
class DemoSummary:
    """What one run of :func:`generate_demo` added."""

    event_code: str
    applications: int
    applicants: int  # distinct people (HKIDs) in this batch
    repeat_applications: int  # forms by someone who already applied in this batch
    lodged: int
    drafts: int
    other_station: int  # forms taken on the second laptop
    event_total: int  # applications at the event after this run

    def describe(self) -> str:
        """Chinese then English, as the CLI prints it."""
        zh = (
            f"示範資料：{EVENT_NAME_ZH}（{self.event_code}，{EVENT_DAY_ZH}）新增 {self.applications} 份申請"
            f"（已遞交 {self.lodged} 份，草稿 {self.drafts} 份），來自 {self.applicants} 名申請人，"
            f"其中 {self.repeat_applications} 人以另一份表格再次申請；{self.other_station} 份由另一部電腦 "
            f"{OTHER_STATION} 輸入；活動現共有 {self.event_total} 份申請。物流資歷組合只供示範，並非評估機構的資歷名單。"
        )
        en = (
            f"Demo data: added {self.applications} applications ({self.lodged} lodged, {self.drafts} drafts) "
            f"to the {EVENT_NAME_EN} ({self.event_code}, {EVENT_DAY_EN}) from {self.applicants} applicants, "
            f"{self.repeat_applications} of whom applied again on a second form; {self.other_station} were taken "
            f"on the other laptop {OTHER_STATION}; the event now holds {self.event_total} applications. "
            "The logistics clusters are illustrative, not the agency's catalogue."
        )
        return f"{zh}\n{en}"


T = TypeVar("T")


# --- Reference tables for realistic people and careers ---------------------------------------


@dataclass(frozen=True)
class _User:
    username: str
    display_name: str
    role: Role


CLERK = "mlwong"
OTHER_CLERK = "wsho"  # takes applications on the second laptop
USERS = (
    _User(CLERK, "黃美玲 WONG Mei Ling", Role.INTAKE_CLERK),
    _User(OTHER_CLERK, "何詠詩 HO Wing Sze", Role.INTAKE_CLERK),
    _User("ckcheng", "鄭志強 CHENG Chi Keung", Role.ASSESSOR),
    _User("syleung", "梁淑儀 LEUNG Shuk Yee", Role.SUPERVISOR),
    _User("khlam", "林家豪 LAM Ka Ho", Role.ADMINISTRATOR),
)

# (Chinese, romanisation as on the HKID, relative frequency)
SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("陳", "CHAN", 40),
    ("李", "LEE", 25),
    ("張", "CHEUNG", 20),
    ("黃", "WONG", 25),
    ("王", "WONG", 8),
    ("何", "HO", 12),
    ("林", "LAM", 12),
    ("梁", "LEUNG", 14),
    ("鄭", "CHENG", 8),
    ("劉", "LAU", 10),
    ("吳", "NG", 9),
    ("麥", "MAK", 5),
    ("葉", "YIP", 6),
    ("周", "CHOW", 6),
    ("郭", "KWOK", 5),
    ("曾", "TSANG", 6),
    ("馮", "FUNG", 5),
    ("蔡", "CHOI", 5),
    ("鄧", "TANG", 6),
    ("蕭", "SIU", 3),
    ("許", "HUI", 5),
    ("羅", "LAW", 5),
    ("謝", "TSE", 5),
    ("朱", "CHU", 4),
    ("胡", "WU", 3),
    ("袁", "YUEN", 3),
    ("譚", "TAM", 5),
    ("楊", "YEUNG", 6),
    ("余", "YU", 4),
    ("盧", "LO", 4),
    ("馬", "MA", 3),
    ("徐", "TSUI", 3),
    ("潘", "POON", 3),
    ("文", "MAN", 2),
    ("鍾", "CHUNG", 4),
    ("蘇", "SO", 3),
    ("關", "KWAN", 2),
    ("莫", "MOK", 2),
    ("彭", "PANG", 2),
    ("歐陽", "AU YEUNG", 1),
)
FEMALE_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("嘉", "Ka"), ("欣", "Yan"), ("詠", "Wing"), ("詩", "Sze"), ("美", "Mei"), ("玲", "Ling"),
    ("慧", "Wai"), ("敏", "Man"), ("麗", "Lai"), ("珊", "Shan"), ("婷", "Ting"), ("穎", "Wing"),
    ("雅", "Nga"), ("芷", "Tsz"), ("琪", "Kei"), ("淑", "Shuk"), ("儀", "Yee"), ("鳳", "Fung"),
    ("燕", "Yin"), ("翠", "Chui"), ("碧", "Pik"), ("佩", "Pui"), ("秀", "Sau"), ("月", "Yuet"),
    ("曉", "Hiu"), ("潔", "Kit"), ("雪", "Suet"), ("寶", "Po"),
)  # fmt: skip
MALE_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("志", "Chi"), ("偉", "Wai"), ("家", "Ka"), ("俊", "Chun"), ("國", "Kwok"), ("文", "Man"),
    ("明", "Ming"), ("強", "Keung"), ("健", "Kin"), ("華", "Wa"), ("輝", "Fai"), ("浩", "Ho"),
    ("傑", "Kit"), ("德", "Tak"), ("耀", "Yiu"), ("榮", "Wing"), ("永", "Wing"), ("子", "Tsz"),
    ("卓", "Cheuk"), ("錦", "Kam"), ("兆", "Siu"), ("達", "Tat"), ("啟", "Kai"), ("豪", "Ho"),
    ("朗", "Long"), ("樂", "Lok"), ("宏", "Wang"), ("天", "Tin"), ("立", "Lap"), ("漢", "Hon"),
    ("柏", "Pak"), ("峰", "Fung"), ("銘", "Ming"), ("聰", "Chung"), ("成", "Shing"), ("權", "Kuen"),
)  # fmt: skip
FEMALE_ALIASES = ("Winnie", "Carmen", "Cathy", "Joyce", "Mandy", "Vivian", "Ivy", "Karen", "Wendy", "Fiona")
MALE_ALIASES = ("Kelvin", "Raymond", "Jacky", "Alan", "Eric", "Kenneth", "Tommy", "Vincent", "Ivan", "Dicky")

SINGLE_LETTER_PREFIXES = "ABCDEGHKMPRSVYZ"
TWO_LETTER_PREFIXES = ("CA", "WX", "XA", "XB", "XC", "XD", "XE", "XG")
# Three-digit mobile prefixes that libphonenumber accepts in full (every suffix is a valid mobile).
MOBILE_PREFIXES = tuple(
    str(p)
    for p in (
        *range(510, 515), *range(520, 525), *range(530, 535), *range(540, 545), *range(550, 555),
        *range(560, 565), *range(590, 595), *range(601, 610), *range(610, 620), *range(630, 660),
        *range(690, 700), *range(901, 910), *range(920, 929), *range(940, 950), *range(960, 980),
    )
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved: never a real mailbox


@dataclass(frozen=True)
class _Place:
    estate_zh: str
    estate_en: str
    district_zh: str
    district_en: str
    region_zh: str
    region_en: str
    weight: int


PLACES = (
    _Place("逸東邨", "Yat Tung Estate", "東涌", "Tung Chung", "新界", "New Territories", 10),
    _Place("富東邨", "Fu Tung Estate", "東涌", "Tung Chung", "新界", "New Territories", 6),
    _Place("裕東苑", "Yu Tung Court", "東涌", "Tung Chung", "新界", "New Territories", 4),
    _Place("映灣園", "Caribbean Coast", "東涌", "Tung Chung", "新界", "New Territories", 3),
    _Place("福來邨", "Fuk Loi Estate", "荃灣", "Tsuen Wan", "新界", "New Territories", 4),
    _Place("海濱花園", "Riviera Gardens", "荃灣", "Tsuen Wan", "新界", "New Territories", 2),
    _Place("葵芳邨", "Kwai Fong Estate", "葵涌", "Kwai Chung", "新界", "New Territories", 4),
    _Place("石籬邨", "Shek Lei Estate", "葵涌", "Kwai Chung", "新界", "New Territories", 3),
    _Place("長康邨", "Cheung Hong Estate", "青衣", "Tsing Yi", "新界", "New Territories", 4),
    _Place("山景邨", "Shan King Estate", "屯門", "Tuen Mun", "新界", "New Territories", 4),
    _Place("天耀邨", "Tin Yiu Estate", "天水圍", "Tin Shui Wai", "新界", "New Territories", 3),
    _Place("朗屏邨", "Long Ping Estate", "元朗", "Yuen Long", "新界", "New Territories", 2),
    _Place("瀝源邨", "Lek Yuen Estate", "沙田", "Sha Tin", "新界", "New Territories", 2),
    _Place("寶林邨", "Po Lam Estate", "將軍澳", "Tseung Kwan O", "新界", "New Territories", 2),
    _Place("石硤尾邨", "Shek Kip Mei Estate", "深水埗", "Sham Shui Po", "九龍", "Kowloon", 2),
    _Place("秀茂坪邨", "Sau Mau Ping Estate", "觀塘", "Kwun Tong", "九龍", "Kowloon", 2),
    _Place("彩虹邨", "Choi Hung Estate", "黃大仙", "Wong Tai Sin", "九龍", "Kowloon", 2),
    _Place("興華邨", "Hing Wah Estate", "柴灣", "Chai Wan", "香港", "Hong Kong", 1),
)


@dataclass(frozen=True)
class _Post:
    title: str
    duties: str


POSTS: dict[str, tuple[_Post, ...]] = {
    "handling": (
        _Post(
            "貨物處理員 Cargo handler",
            "Build up and break down pallets and containers (ULDs), check labels and markings against the "
            "air waybill, move cargo between bays. 組裝及拆卸集裝器，核對貨物標籤及標記。",
        ),
        _Post(
            "叉車操作員 Forklift operator",
            "Operate forklifts and tractors to move cargo and ULDs in the terminal; daily equipment checks. "
            "駕駛叉車及拖車運送貨物，每日檢查機械。",
        ),
        _Post(
            "機坪貨運服務員 Ramp cargo agent",
            "Load and unload aircraft holds, tow dollies to the terminal, follow ramp safety rules. "
            "負責飛機貨艙上落貨及拖運貨物。",
        ),
        _Post(
            "理貨員 Tally clerk",
            "Count and check cargo against manifests and air waybills; record shortages and damage. "
            "按艙單點算及核對貨物，記錄短缺及損毀。",
        ),
    ),
    "courier": (
        _Post(
            "快遞分揀員 Courier sorter",
            "Sort express parcels by destination, scan barcodes, bag shipments for linehaul. "
            "按目的地分揀快件、掃描條碼及裝袋。",
        ),
        _Post(
            "速遞營運文員 Express operations clerk",
            "Prepare shipment documents, calculate charges by weight and dimension, trace consignments. "
            "處理快件文件、按重量及體積計算運費、追蹤貨件。",
        ),
    ),
    "operations": (
        _Post(
            "航空貨運文員 Air freight clerk",
            "Prepare air waybills and booking records, check shippers' declarations, use IATA codes. "
            "編製空運提單及訂艙紀錄，核對付運人申報。",
        ),
        _Post(
            "倉務文員 Warehouse clerk",
            "Record receipts and releases in the warehouse system, run stock counts, arrange collections. "
            "於倉務系統記錄收發貨、盤點存貨及安排提貨。",
        ),
        _Post(
            "出口文件主任 Export documentation officer",
            "Prepare export documents and licences; liaise with airlines, agents and Customs. "
            "處理出口文件及牌照，與航空公司、代理及海關聯絡。",
        ),
    ),
    "customer": (
        _Post(
            "客戶服務主任 Customer service officer",
            "Answer shipper and consignee enquiries, resolve complaints, coordinate bookings and deliveries. "
            "處理客戶查詢及投訴，協調訂艙及送貨。",
        ),
        _Post(
            "貨運代理主任 Freight forwarding officer",
            "Quote rates, book space with airlines, follow shipments through to delivery. "
            "報價、向航空公司訂艙及跟進貨件直至送達。",
        ),
        _Post(
            "航空貨運主管 Air freight supervisor",
            "Supervise a shift of handlers, allocate work, check build-up quality and flight cut-off times. "
            "督導當值貨物處理員、分配工作及確保準時截貨。",
        ),
    ),
    "sales": (
        _Post(
            "貨運銷售經理 Cargo sales manager",
            "Lead a sales team, plan key accounts, negotiate rates and service levels with customers. "
            "帶領銷售團隊、管理主要客戶及議定運價。",
        ),
        _Post(
            "客戶關係經理 Account manager",
            "Build relationships with forwarders and shippers, review service performance, market new products. "
            "與貨運代理及付運人建立關係，推廣新服務。",
        ),
    ),
    "surveying": (
        _Post(
            "貨物檢驗員 Cargo surveyor",
            "Inspect cargo condition and packing, survey damage, write survey reports for insurers. "
            "檢驗貨物狀況及包裝、勘察損毀並撰寫檢驗報告。",
        ),
        _Post(
            "理貨員 Tally clerk",
            "Count and check cargo against manifests and air waybills; record shortages and damage. "
            "按艙單點算及核對貨物，記錄短缺及損毀。",
        ),
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
class _Cluster:
    title_en: str
    title_zh: str
    level: int
    stream: str
    unit_codes: tuple[str, ...]
    family: str
    weight: int


# Real units from the seeded catalogue, grouped by level. The agency's own clusters are not public.
CLUSTERS = (
    _Cluster(
        "Air Cargo Handling Fundamentals",
        "航空貨物處理基礎",
        1,
        "Air freight",
        ("LOAFCN101B", "LOAFCN102B"),
        "handling",
        30,
    ),
    _Cluster(
        "Courier and Express Cargo Handling",
        "速遞及快件貨物處理",
        1,
        "Air freight",
        ("LOAFCN103B", "LOAFCN104B"),
        "courier",
        10,
    ),
    _Cluster(
        "Courier and Express Operations",
        "速遞及快件運作",
        2,
        "Air freight",
        ("LOAFCN203B", "LOAFCN204B", "LOCUCN203B"),
        "courier",
        10,
    ),
    _Cluster(
        "Air Freight Operations Support",
        "航空貨運營運支援",
        2,
        "Air freight",
        ("LOCUCN201B", "LOCUCN202B", "LOCUCN204B"),
        "operations",
        25,
    ),
    _Cluster(
        "Freight Forwarding Customer Services",
        "貨運代理客戶服務",
        3,
        "Terminals, warehouse and logistics centre",
        ("LOCUSM315A", "LOCUSM316A", "LOCUSM318A"),
        "customer",
        12,
    ),
    _Cluster(
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
MIN_PERIOD_MONTHS = 6
DEFAULT_RULES = {1: (1, 1), 2: (3, 1), 3: (5, 2), 4: (6, 3)}  # if the database has no logistics rules


# --- Plans: everything random is drawn here, before anything is written ------------------------


@dataclass(frozen=True)
class _Offer:
    """A qualification the demo applicants may apply for."""

    qualification: QualificationRecord
    level: int
    family: str
    weight: int


@dataclass(frozen=True)
class _Person:
    hkid: str
    residence: ResidenceStatus
    name_zh: str
    surname_en: str
    given_names_en: str
    alias: str
    date_of_birth: date
    phone: str
    email: str
    address: str
    language: Language


@dataclass(frozen=True)
class _Period:
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


@dataclass(frozen=True)
class _Plan:
    person: _Person
    offers: tuple[_Offer, ...]
    periods: tuple[_Period, ...]
    station: str
    draft: bool
    repeat: bool
    at: datetime  # Hong Kong time the form was finished (or last touched, for a draft)


def _weighted(rng: random.Random, items: tuple[T, ...] | list[T], weights: list[int]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _make_hkid(rng: random.Random, taken: set[str]) -> str:
    while True:
        if rng.random() < 0.12:
            prefix = rng.choice(TWO_LETTER_PREFIXES)
        else:
            prefix = rng.choice(SINGLE_LETTER_PREFIXES)
        digits = f"{rng.randrange(1_000_000):06d}"
        number = f"{prefix}{digits}({hkid.check_digit(prefix, digits)})"
        if number not in taken:
            taken.add(number)
            return number


def _make_person(rng: random.Random, taken: set[str]) -> _Person:
    surname_zh, surname_en, _ = _weighted(rng, SURNAMES, [w for *_, w in SURNAMES])
    female = rng.random() < 0.45
    pool = FEMALE_SYLLABLES if female else MALE_SYLLABLES
    syllables = rng.sample(pool, 1 if rng.random() < 0.06 else 2)
    given_zh = "".join(zh for zh, _ in syllables)
    given_en = " ".join(en for _, en in syllables)
    alias = rng.choice(FEMALE_ALIASES if female else MALE_ALIASES) if rng.random() < 0.15 else ""
    residence = _weighted(
        rng,
        (ResidenceStatus.A, ResidenceStatus.R, ResidenceStatus.U, ResidenceStatus.ONE_WAY_PERMIT),
        [82, 6, 4, 8],
    )
    born = date.fromordinal(rng.randint(date(1960, 1, 1).toordinal(), date(2003, 12, 31).toordinal()))
    phone = f"+852{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100_000):05d}"
    language = Language.EN if rng.random() < 0.12 else Language.ZH_HK
    email = ""
    if rng.random() < 0.45:
        handle = f"{given_en.replace(' ', '').lower()}.{surname_en.replace(' ', '').lower()}"
        email = f"{handle}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}"
    place = _weighted(rng, PLACES, [p.weight for p in PLACES])
    floor, flat = rng.randint(2, 38), rng.randint(1, 24)
    if language is Language.EN:
        address = f"Flat {flat}, {floor}/F, {place.estate_en}, {place.district_en}, {place.region_en}"
    else:
        address = f"{place.region_zh}{place.district_zh}{place.estate_zh}{floor}樓{flat}室"
    return _Person(
        hkid=_make_hkid(rng, taken),
        residence=residence,
        name_zh=surname_zh + given_zh,
        surname_en=surname_en,
        given_names_en=given_en,
        alias=alias,
        date_of_birth=born,
        phone=phone,
        email=email,
        address=address,
        language=language,
    )


def _letter_status(rng: random.Random) -> EvidenceStatus:
    return _weighted(
        rng,
        (EvidenceStatus.ORIGINAL_SEEN, EvidenceStatus.COPY_RECEIVED, EvidenceStatus.MISSING),
        [55, 30, 15],
    )


def _career(
    rng: random.Random, person: _Person, offer: _Offer, rules: dict[int, tuple[int, int]], *, overseas: bool
) -> tuple[_Period, ...]:
    """One to three logistics jobs, newest first in the drawing, returned oldest first."""
    adult = date(
        person.date_of_birth.year + 18, person.date_of_birth.month, min(person.date_of_birth.day, 28)
    )
    available = max(12, _months_between(adult, EVENT_DAY))
    required = rules.get(offer.level, DEFAULT_RULES[offer.level])[0] * 12
    if rng.random() < 0.12:  # some fall short, for the eligibility check to find
        total = max(8, required - rng.randint(2, 18))
    else:
        total = rng.randint(min(required, available), max(required, int(available * 0.85)))
    total = min(total, available)
    if overseas:
        total = max(8, min(total, available - 36))  # leave room for the job abroad before these
    count = _weighted(rng, (1, 2, 3), [35, 40, 25])
    count = max(1, min(count, total // MIN_PERIOD_MONTHS))
    free = total - MIN_PERIOD_MONTHS * count
    points = sorted(rng.randint(0, free) for _ in range(count - 1))
    lengths = [b - a + MIN_PERIOD_MONTHS for a, b in zip([0, *points], [*points, free], strict=True)]

    still_there = rng.random() < 0.8
    cursor = EVENT_DAY if still_there else _add_months(EVENT_DAY, -rng.randint(1, 18))
    periods: list[_Period] = []
    previous_employer = ""
    for index, months in enumerate(lengths):
        newest = index == 0
        if not newest and _months_between(adult, cursor) < MIN_PERIOD_MONTHS:
            break
        family = offer.family if newest or rng.random() < 0.35 else rng.choice(ENTRY_FAMILIES)
        post = rng.choice(POSTS[family])
        if newest and rng.random() < 0.55:
            employer = HOST_EMPLOYER
        else:
            employer = rng.choice([e for e in EMPLOYERS if e != previous_employer])
        previous_employer = employer
        start = max(adult, _add_months(cursor, -months).replace(day=rng.randint(1, 28)))
        end = None if newest and still_there else max(start, cursor - timedelta(days=1))
        part_time = rng.random() < 0.1
        periods.append(
            _Period(
                employer=employer,
                post=post.title,
                duties=post.duties,
                start=start,
                end=end,
                employment_type=EmploymentType.PART_TIME if part_time else EmploymentType.FULL_TIME,
                hours_per_week=rng.randint(16, 30) if part_time else None,
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
    room = _months_between(adult, cursor)
    if overseas and room >= MIN_PERIOD_MONTHS:
        start = max(adult, _add_months(cursor, -rng.randint(min(12, room), min(60, room))))
        employer = OVERSEAS_EMPLOYERS[0 if person.residence is ResidenceStatus.ONE_WAY_PERMIT else 1]
        post = rng.choice(POSTS["handling"])
        periods.append(
            _Period(
                employer=employer,
                post=post.title,
                duties=post.duties,
                start=start,
                end=cursor - timedelta(days=1),
                employment_type=EmploymentType.FULL_TIME,
                hours_per_week=None,
                in_hong_kong=False,
                relevant=True,
                letter=rng.choice((EvidenceStatus.COPY_RECEIVED, EvidenceStatus.MISSING)),
            )
        )
    periods.reverse()
    return tuple(periods)


def _choose_offers(
    rng: random.Random, offers: list[_Offer], person: _Person, rules: dict[int, tuple[int, int]]
) -> list[_Offer]:
    adult_months = _months_between(date(person.date_of_birth.year + 18, 1, 1), EVENT_DAY)
    feasible = [o for o in offers if rules.get(o.level, DEFAULT_RULES[o.level])[0] * 12 <= adult_months]
    pool = feasible if feasible and rng.random() < 0.9 else offers
    first = _weighted(rng, pool, [o.weight for o in pool])
    chosen = [first]
    if rng.random() < 0.35:
        others = [o for o in offers if o is not first and o.level <= first.level]
        if others:
            chosen.append(_weighted(rng, others, [o.weight for o in others]))
    return chosen


def _plan_batch(
    rng: random.Random,
    applications: int,
    offers: list[_Offer],
    rules: dict[int, tuple[int, int]],
    taken_hkids: set[str],
) -> list[_Plan]:
    repeats = (3 if applications >= 60 else 2) if applications >= 10 else applications // 4
    drafts = max(1, round(applications * 0.05)) if applications >= 5 else 0
    overseas = max(1, applications // 50) if applications else 0
    people = [_make_person(rng, taken_hkids) for _ in range(applications - repeats)]

    # Each repeat is the same person on a second form later in the day, for another qualification.
    order: list[tuple[int, bool]] = [(i, False) for i in range(len(people))]
    for source in rng.sample(range(len(people)), repeats):
        later = rng.randint(order.index((source, False)) + 1, len(order))
        order.insert(later, (source, True))

    seconds = sorted(rng.randrange(DAY_SECONDS) for _ in order)
    first_forms = [slot for slot, (_, repeat) in enumerate(order) if not repeat]
    repeated = {source for source, repeat in order if repeat}
    draft_slots = set(rng.sample([s for s in first_forms if order[s][0] not in repeated], drafts))
    lodged_firsts = [s for s in first_forms if s not in draft_slots]
    seasoned = [s for s in lodged_firsts if people[order[s][0]].date_of_birth.year <= 1990] or lodged_firsts
    overseas_slots = set(rng.sample(seasoned, min(overseas, len(seasoned))))

    plans: list[_Plan] = []
    first_plan: dict[int, _Plan] = {}
    for slot, (index, repeat) in enumerate(order):
        person = people[index]
        at = datetime.combine(EVENT_DAY, DAY_OPENS, HONG_KONG) + timedelta(seconds=seconds[slot])
        station = OTHER_STATION if rng.random() < 0.25 else LOCAL_STATION
        if repeat:
            earlier = first_plan[index]
            untried = [o for o in offers if o not in earlier.offers]
            offer = _weighted(rng, untried, [o.weight for o in untried])
            plans.append(_Plan(person, (offer,), earlier.periods, station, False, True, at))
            continue
        chosen = _choose_offers(rng, offers, person, rules)
        periods = _career(rng, person, chosen[0], rules, overseas=slot in overseas_slots)
        draft = slot in draft_slots
        if draft:
            station = LOCAL_STATION  # an unfinished form lives on the laptop it was typed on
        plan = _Plan(person, tuple(chosen), periods, station, draft, False, at)
        first_plan[index] = plan
        plans.append(plan)
    return plans


# --- Database work -----------------------------------------------------------------------------


def is_demo_database(database: Database) -> bool:
    """Whether ``database`` is marked as a demo database (setting ``database_kind`` = ``demo``)."""
    with database.session() as session:
        return _kind(session) == DEMO_KIND


def _kind(session: Session) -> str | None:
    setting = session.get(SettingRecord, DATABASE_KIND_KEY)
    return None if setting is None else setting.value


def _count(session: Session, record: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(record)) or 0


def _guard(session: Session, database: Database, *, allow_real: bool) -> None:
    """Refuse to mix demo data into real cases; mark an empty database as a demo one."""
    kind = _kind(session)
    if kind == DEMO_KIND:
        return
    empty = all(_count(session, record) == 0 for record in (ApplicationRecord, EventRecord, ApplicantRecord))
    if empty and kind is None:
        session.add(SettingRecord(key=DATABASE_KIND_KEY, value=DEMO_KIND))
        return
    if not allow_real:
        raise DemoRefusedError(
            f"Demo data is only written to a demo database. {database.path} holds real applications or "
            "events (or is marked as a real database), so nothing was changed. Open the demo database instead.",
            f"示範資料只會寫入示範資料庫。{database.path} 已有真實申請或活動紀錄（或已標示為正式資料庫），"
            "因此未作任何改動。請改為開啟示範資料庫。",
        )


def _require(value: T | None, what_en: str, what_zh: str) -> T:
    if value is None:
        raise DemoCatalogueError(
            f"The demo needs {what_en} in the reference data, and this database has none.",
            f"示範資料需要參考資料中的{what_zh}，但此資料庫沒有。",
        )
    return value


def _ensure_users(session: Session) -> None:
    existing = set(session.scalars(select(UserRecord.username)))
    for user in USERS:
        if user.username not in existing:
            session.add(
                UserRecord(
                    username=user.username,
                    display_name=user.display_name,
                    role=user.role,
                    created_at=SET_UP_AT,
                )
            )


def _ensure_stations(session: Session) -> None:
    stations = {s.code: s for s in session.scalars(select(StationRecord))}
    has_local = any(s.is_local for s in stations.values())
    if LOCAL_STATION not in stations:
        session.add(
            StationRecord(
                code=LOCAL_STATION,
                description="示範：推廣日登記枱電腦 Demo: intake desk laptop at the promotion day",
                is_local=not has_local,
                created_at=SET_UP_AT,
            )
        )
    if OTHER_STATION not in stations:
        session.add(
            StationRecord(
                code=OTHER_STATION,
                description="示範：推廣日第二部電腦 Demo: second laptop at the promotion day",
                is_local=False,
                created_at=SET_UP_AT,
            )
        )


def _ensure_event(session: Session, agency: AgencyRecord) -> EventRecord:
    event = session.scalar(select(EventRecord).where(EventRecord.code == EVENT_CODE))
    if event is None:
        event = EventRecord(
            code=EVENT_CODE,
            name=EVENT_NAME,
            host_organisation=HOST_ORGANISATION,
            venue=VENUE,
            event_date=EVENT_DAY,
            agency=agency,
            created_at=SET_UP_AT,
        )
        session.add(event)
    return event


def _ensure_clusters(session: Session, industry: IndustryRecord) -> list[_Offer]:
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
    offers: list[_Offer] = []
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
                notes=ILLUSTRATIVE_NOTE,
                units=[QualificationUnitRecord(unit_id=units[code].id) for code in cluster.unit_codes],
            )
            session.add(qualification)
        offers.append(_Offer(qualification, cluster.level, cluster.family, cluster.weight))
    surveying = session.scalar(
        select(QualificationRecord).where(
            QualificationRecord.industry_id == industry.id, QualificationRecord.title_en == SURVEYING_TITLE_EN
        )
    )
    if surveying is not None:
        offers.append(_Offer(surveying, surveying.qf_level, "surveying", SURVEYING_WEIGHT))
    return offers


def _fee(table: dict[int, int], clusters: int) -> int | None:
    """The fee for ``clusters`` on one form: the largest row not above it covers "N or more"."""
    eligible = [n for n in table if n <= clusters]
    return table[max(eligible)] if eligible else None


def _hk(at: datetime, minutes: int = 0) -> datetime:
    """A Hong Kong time, shifted, stored in UTC like every other timestamp (SQLite keeps no offset)."""
    return (at - timedelta(minutes=minutes)).astimezone(UTC)


def _write(
    session: Session,
    plans: list[_Plan],
    event: EventRecord,
    references: list[str | None],
    fees: dict[int, int],
    industry_id: int,
) -> None:
    applications: list[ApplicationRecord] = []
    for plan, reference in zip(plans, references, strict=True):
        person = plan.person
        clerk = OTHER_CLERK if plan.station == OTHER_STATION else CLERK
        lodged = not plan.draft
        started = _hk(plan.at, 18)
        applicant = ApplicantRecord(
            hkid=person.hkid,
            hkid_verified_by=clerk if lodged else None,
            hkid_verified_at=_hk(plan.at, 7) if lodged else None,
            residence_status=person.residence.value,
            name_zh=person.name_zh,
            surname_en=person.surname_en,
            given_names_en=person.given_names_en,
            alias=person.alias,
            date_of_birth=person.date_of_birth,
            phone=person.phone,
            email=person.email,
            address=person.address,
            preferred_language=person.language.value,
            created_at=started,
            updated_at=_hk(plan.at),
        )
        application = ApplicationRecord(
            reference_no=reference,
            applicant=applicant,
            event=event,
            station_code=plan.station,
            status=(CaseStatus.DRAFT if plan.draft else CaseStatus.LODGED).value,
            application_date=EVENT_DAY,
            pics_acknowledged_at=_hk(plan.at, 12) if lodged else None,
            fee_hkd=_fee(fees, len(plan.offers)) if lodged else None,
            lodged_at=_hk(plan.at) if lodged else None,
            created_by=clerk,
            created_at=started,
            updated_at=_hk(plan.at),
        )
        application.qualifications = [
            AppliedQualificationRecord(qualification=o.qualification) for o in plan.offers
        ]
        application.employment = [
            EmploymentPeriodRecord(
                position=position,
                employer=period.employer,
                post=period.post,
                industry_id=industry_id,
                start_date=period.start,
                end_date=period.end,
                employment_type=period.employment_type.value,
                hours_per_week=period.hours_per_week,
                in_hong_kong=period.in_hong_kong,
                duties=period.duties,
                relevant=period.relevant,
            )
            for position, period in enumerate(plan.periods)
        ]
        application.evidence = [
            EvidenceItemRecord(
                evidence_type="hkid_copy",
                status=(EvidenceStatus.ORIGINAL_SEEN if lodged else EvidenceStatus.MISSING).value,
                reason="已與身份證正本核對 Checked against the original card" if lodged else "",
                recorded_by=clerk if lodged else None,
                recorded_at=_hk(plan.at, 7) if lodged else None,
            )
        ]
        applications.append(application)
    session.add_all(applications)
    session.flush()  # period ids, for the employer letters that prove each period

    for plan, application in zip(plans, applications, strict=True):
        clerk = OTHER_CLERK if plan.station == OTHER_STATION else CLERK
        for period, record in zip(plan.periods, application.employment, strict=True):
            status = EvidenceStatus.MISSING if plan.draft else period.letter
            reason = "申請人稍後補交 To follow from the applicant" if status is EvidenceStatus.MISSING else ""
            application.evidence.append(
                EvidenceItemRecord(
                    evidence_type="employer_letter",
                    period_id=record.id,
                    status=status.value,
                    reason=reason,
                    recorded_by=None if plan.draft else clerk,
                    recorded_at=None if plan.draft else _hk(plan.at, 3),
                )
            )


def generate_demo(
    database: Database, *, applications: int = 60, seed: int = 2023, allow_real: bool = False
) -> DemoSummary:
    """Fill ``database`` with a logistics promotion day at the cargo terminal on 8 Nov 2023.

    Everything is written in one transaction, and the same ``seed`` gives the same applicants.
    Running it again on a demo database adds another ``applications`` forms to the *same* event:
    reference numbers continue from the station's counter, and the batch is drawn from the seed and
    the number of forms already at the event, so the new people differ from the earlier ones and
    their HKIDs avoid every HKID already stored. Clusters, users, stations and the event are reused.

    Refuses (:class:`DemoRefusedError`, code ``demo_refused``) a database that is not marked as a
    demo database and already holds applications, applicants or events, or is marked as another
    kind, unless ``allow_real``; then it writes without marking the database as a demo one.
    """
    if applications < 0:
        raise ValueError("applications must not be negative")
    with database.session() as session:
        _guard(session, database, allow_real=allow_real)
        agency = _require(
            session.scalar(select(AgencyRecord).where(AgencyRecord.code == AGENCY_CODE)),
            f"the agency {AGENCY_CODE}",
            f"評估機構 {AGENCY_CODE}",
        )
        industry = _require(
            session.scalar(select(IndustryRecord).where(IndustryRecord.name_en == INDUSTRY)),
            "the Logistics industry",
            "物流業",
        )
        fees = {
            row.clusters: row.fee_hkd
            for row in session.scalars(
                select(AgencyFeeRecord).where(
                    AgencyFeeRecord.agency_id == agency.id,
                    AgencyFeeRecord.route == Route.DOCUMENT_REVIEW.value,
                )
            )
        }
        rules = {
            rule.qf_level: (rule.min_total_years, rule.min_relevant_years)
            for rule in session.scalars(
                select(ExperienceRuleRecord).where(
                    ExperienceRuleRecord.industry_id == industry.id,
                    ExperienceRuleRecord.qualification_id.is_(None),
                )
            )
        }
        _ensure_users(session)
        _ensure_stations(session)
        event = _ensure_event(session, agency)
        offers = _ensure_clusters(session, industry)
        session.flush()

        already = session.scalar(
            select(func.count()).select_from(ApplicationRecord).where(ApplicationRecord.event_id == event.id)
        )
        rng = random.Random(f"rpl-demo/{seed}/{already or 0}")
        taken = set(session.scalars(select(ApplicantRecord.hkid)))
        plans = _plan_batch(rng, applications, offers, rules, taken)

        references = [None if p.draft else next_reference(session, p.station, EVENT_DAY) for p in plans]
        _write(session, plans, event, references, fees, industry.id)
        event_total = (already or 0) + len(plans)

    people = Counter(p.person.hkid for p in plans)
    return DemoSummary(
        event_code=EVENT_CODE,
        applications=len(plans),
        applicants=len(people),
        repeat_applications=sum(p.repeat for p in plans),
        lodged=sum(not p.draft for p in plans),
        drafts=sum(p.draft for p in plans),
        other_station=sum(p.station == OTHER_STATION for p in plans),
        event_total=event_total,
    )
