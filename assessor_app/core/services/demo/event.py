"""The promotion day itself: its date, names, venue, laptops and the agency staff who work it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from assessor_app.core.domain.enums import Role
from assessor_app.core.hong_kong_time import HONG_KONG

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


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role


CLERK = "mlwong"
OTHER_CLERK = "wsho"  # takes applications on the second laptop
USERS = (
    DemoUser(CLERK, "黃美玲 WONG Mei Ling", Role.INTAKE_CLERK),
    DemoUser(OTHER_CLERK, "何詠詩 HO Wing Sze", Role.INTAKE_CLERK),
    DemoUser("ckcheng", "鄭志強 CHENG Chi Keung", Role.ASSESSOR),
    DemoUser("syleung", "梁淑儀 LEUNG Shuk Yee", Role.SUPERVISOR),
    DemoUser("khlam", "林家豪 LAM Ka Ho", Role.ADMINISTRATOR),
    # The office's other staff, who appear in the demo's past cases (core/services/demo/lifecycle.py).
    DemoUser("kmchan", "陳嘉敏 CHAN Ka Man", Role.ASSESSOR),
    DemoUser("wkyip", "葉偉傑 YIP Wai Kit", Role.SUPERVISOR),
    DemoUser("pyfung", "馮寶儀 FUNG Po Yee", Role.INTAKE_CLERK),
)
