"""The other trades of the demo's past events: elderly care, printing and property management posts,
employers and the hosts and venues of their promotion days (logistics is :data:`.careers.LOGISTICS`)."""

from __future__ import annotations

from dataclasses import dataclass

from assessor_app.core.services.demo.careers import LOGISTICS, Post, Trade


@dataclass(frozen=True)
class Venue:
    """Where one of an industry's promotion days is held, and the organisation that hosts it."""

    code: str  # the event code's prefix
    host: str
    venue: str


@dataclass(frozen=True)
class Industry:
    """A catalogue industry the demo draws cases for: its trade, its events' venues and its share."""

    name_en: str
    trade: Trade
    venues: tuple[Venue, ...]
    weight: int


def _trade(
    posts: dict[str, tuple[Post, ...]], employers: tuple[str, ...], overseas: tuple[str, str]
) -> Trade:
    return Trade(posts, ("entry", "entry", "senior"), employers[1:], employers[0], overseas)


ELDERLY_CARE = _trade(
    {
        "entry": (
            Post(
                "起居照顧員 Personal care worker",
                "Help residents wash, dress, eat and move; record intake. 協助院友梳洗、進食及活動。",
            ),
            Post(
                "家務助理員 Home helper",
                "Clean and cook in clients' homes, escort them to clinics. 為服務使用者打理家務及陪診。",
            ),
        ),
        "senior": (
            Post(
                "保健員 Health worker",
                "Give medicines, check vital signs, supervise care workers. 派藥、量度生命表徵及督導護理員。",
            ),
            Post(
                "護理主管 Care supervisor",
                "Plan care and rosters for a floor of residents. 編排樓層護理計劃及更表。",
            ),
        ),
    },
    (
        "松柏護老院 Evergreen Care Home",
        "頤康長者服務中心 Yi Hong Elderly Services Centre",
        "仁心家居照顧服務 Kind Heart Home Care Services",
        "安怡護老院有限公司 On Yee Nursing Home Ltd",
        "康晴社區支援中心 Hong Ching Community Support Centre",
    ),
    ("深圳福安養老院 Fuk On Aged Home (Shenzhen)", "Golden Years Aged Care Pty Ltd (Sydney)"),
)
PRINTING = _trade(
    {
        "entry": (
            Post(
                "印刷機操作員 Press operator",
                "Set up and run offset presses, check colour and register. 調校及操作柯式印刷機。",
            ),
            Post(
                "桌面排版員 Desktop publisher",
                "Lay out books and leaflets, prepare files for plate making. 排版及準備製版檔案。",
            ),
        ),
        "senior": (
            Post(
                "印刷主管 Print production supervisor",
                "Schedule jobs across presses, control quality and waste. 編排印刷工序及品質監控。",
            ),
            Post(
                "出版編輯 Publishing editor",
                "Edit Chinese manuscripts, manage proofs and print runs. 編輯中文書稿及管理校對。",
            ),
        ),
    },
    (
        "匯文印刷有限公司 Wui Man Printing Ltd",
        "柴灣彩色印刷廠 Chai Wan Colour Printing Works",
        "星輝出版社 Sing Fai Publishing House",
        "新藝排版製作有限公司 Sun Ngai Typesetting Ltd",
        "東區柯式印刷公司 Eastern Offset Printing Co",
    ),
    ("東莞華彩印刷廠 Wah Choi Printing Factory (Dongguan)", "Lion City Press Pte Ltd (Singapore)"),
)
PROPERTY = _trade(
    {
        "entry": (
            Post(
                "保安員 Security guard",
                "Patrol estates, control access, report incidents. 巡邏屋苑、管理出入及報告事故。",
            ),
            Post(
                "清潔督導員 Cleaning supervisor",
                "Run cleaning teams and waste rounds for several blocks. 督導清潔隊及垃圾收集。",
            ),
        ),
        "senior": (
            Post(
                "物業主任 Property officer",
                "Answer residents, handle repairs and owners' meetings. 處理住戶查詢、維修及業主會議。",
            ),
            Post(
                "屋苑經理 Estate manager",
                "Manage an estate's staff, budget and maintenance contracts. 管理屋苑人手、預算及保養合約。",
            ),
        ),
    },
    (
        "置安物業管理有限公司 Chi On Property Management Ltd",
        "宏基屋苑服務有限公司 Wang Kei Estate Services Ltd",
        "信和保安服務有限公司 Sun Wo Security Services Ltd",
        "港島物業服務有限公司 Island Property Services Ltd",
        "綠洲清潔服務有限公司 Oasis Cleaning Services Ltd",
    ),
    (
        "廣州嘉信物業服務有限公司 Ka Shun Property Services (Guangzhou)",
        "Marina Estates Management Sdn Bhd (Johor)",
    ),
)

INDUSTRIES = (
    Industry(
        "Logistics",
        LOGISTICS,
        (
            Venue("CCT", LOGISTICS.host, "香港國際機場赤鱲角國泰貨運站 Cathay Cargo Terminal, Chek Lap Kok"),
            Venue("KCT", "葵涌貨櫃碼頭 Kwai Chung Container Terminals", "葵涌貨櫃碼頭行政大樓 Kwai Chung"),
            Venue("ALC", "機場物流中心 Airport Logistics Centre", "赤鱲角機場物流中心 Chek Lap Kok"),
        ),
        50,
    ),
    Industry(
        "Elderly care",
        ELDERLY_CARE,
        (
            Venue("EVG", ELDERLY_CARE.host, "沙田松柏護老院禮堂 Evergreen Care Home hall, Sha Tin"),
            Venue("YHC", ELDERLY_CARE.employers[0], "觀塘頤康長者服務中心 Yi Hong centre, Kwun Tong"),
        ),
        25,
    ),
    Industry(
        "Printing and publishing",
        PRINTING,
        (Venue("CWP", PRINTING.host, "柴灣工業城 Chai Wan Industrial City"),),
        15,
    ),
    Industry(
        "Property management",
        PROPERTY,
        (Venue("PMA", PROPERTY.host, "九龍灣國際展貿中心 KITEC, Kowloon Bay"),),
        10,
    ),
)
