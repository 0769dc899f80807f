"""Realistic applicants: Cantonese names as on the HKID, valid HKID numbers, mobiles and estates."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from assessor_app.core.domain import hkid
from assessor_app.core.domain.enums import Language, ResidenceStatus

T = TypeVar("T")

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
class Place:
    estate_zh: str
    estate_en: str
    district_zh: str
    district_en: str
    region_zh: str
    region_en: str
    weight: int


PLACES = (
    Place("逸東邨", "Yat Tung Estate", "東涌", "Tung Chung", "新界", "New Territories", 10),
    Place("富東邨", "Fu Tung Estate", "東涌", "Tung Chung", "新界", "New Territories", 6),
    Place("裕東苑", "Yu Tung Court", "東涌", "Tung Chung", "新界", "New Territories", 4),
    Place("映灣園", "Caribbean Coast", "東涌", "Tung Chung", "新界", "New Territories", 3),
    Place("福來邨", "Fuk Loi Estate", "荃灣", "Tsuen Wan", "新界", "New Territories", 4),
    Place("海濱花園", "Riviera Gardens", "荃灣", "Tsuen Wan", "新界", "New Territories", 2),
    Place("葵芳邨", "Kwai Fong Estate", "葵涌", "Kwai Chung", "新界", "New Territories", 4),
    Place("石籬邨", "Shek Lei Estate", "葵涌", "Kwai Chung", "新界", "New Territories", 3),
    Place("長康邨", "Cheung Hong Estate", "青衣", "Tsing Yi", "新界", "New Territories", 4),
    Place("山景邨", "Shan King Estate", "屯門", "Tuen Mun", "新界", "New Territories", 4),
    Place("天耀邨", "Tin Yiu Estate", "天水圍", "Tin Shui Wai", "新界", "New Territories", 3),
    Place("朗屏邨", "Long Ping Estate", "元朗", "Yuen Long", "新界", "New Territories", 2),
    Place("瀝源邨", "Lek Yuen Estate", "沙田", "Sha Tin", "新界", "New Territories", 2),
    Place("寶林邨", "Po Lam Estate", "將軍澳", "Tseung Kwan O", "新界", "New Territories", 2),
    Place("石硤尾邨", "Shek Kip Mei Estate", "深水埗", "Sham Shui Po", "九龍", "Kowloon", 2),
    Place("秀茂坪邨", "Sau Mau Ping Estate", "觀塘", "Kwun Tong", "九龍", "Kowloon", 2),
    Place("彩虹邨", "Choi Hung Estate", "黃大仙", "Wong Tai Sin", "九龍", "Kowloon", 2),
    Place("興華邨", "Hing Wah Estate", "柴灣", "Chai Wan", "香港", "Hong Kong", 1),
)


@dataclass(frozen=True)
class Person:
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


def weighted(rng: random.Random, items: tuple[T, ...] | list[T], weights: list[int]) -> T:
    return rng.choices(items, weights=weights, k=1)[0]


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


def make_person(rng: random.Random, taken: set[str]) -> Person:
    surname_zh, surname_en, _ = weighted(rng, SURNAMES, [w for *_, w in SURNAMES])
    female = rng.random() < 0.45
    pool = FEMALE_SYLLABLES if female else MALE_SYLLABLES
    syllables = rng.sample(pool, 1 if rng.random() < 0.06 else 2)
    given_zh = "".join(zh for zh, _ in syllables)
    given_en = " ".join(en for _, en in syllables)
    alias = rng.choice(FEMALE_ALIASES if female else MALE_ALIASES) if rng.random() < 0.15 else ""
    residence = weighted(
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
    place = weighted(rng, PLACES, [p.weight for p in PLACES])
    floor, flat = rng.randint(2, 38), rng.randint(1, 24)
    if language is Language.EN:
        address = f"Flat {flat}, {floor}/F, {place.estate_en}, {place.district_en}, {place.region_en}"
    else:
        address = f"{place.region_zh}{place.district_zh}{place.estate_zh}{floor}樓{flat}室"
    return Person(
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
