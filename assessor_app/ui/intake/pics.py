"""The Personal Information Collection Statement (收集個人資料聲明) shown before an application is lodged.

Written for the Personal Data (Privacy) Ordinance, Cap. 486: purpose, obligatory and voluntary fields,
who receives the data, and the rights of access and correction with a contact. Kept as constants so
the same text is shown on screen and can be quoted elsewhere unchanged.
"""

from __future__ import annotations

PICS_TITLE_ZH = "收集個人資料聲明"
PICS_TITLE_EN = "Personal Information Collection Statement"

PICS_ZH = """收集個人資料聲明

1. 收集目的
你在本申請表提供的個人資料，會由評估機構用於處理你的過往資歷認可申請，包括核實你的身份及工作經驗、安排文件審核或評估、通知你結果、處理上訴、發還申請費用，以及編製不記名的統計數字。

2. 必須及自願提供的資料
標有 * 號的欄位必須填寫。若未能提供這些資料，評估機構可能無法處理你的申請。其他資料（例如別名及電郵地址）屬自願提供，用作方便聯絡。

3. 身份證明文件
職員會核對你的香港身份證正本，並記錄核對的職員及時間。身份證副本只會在有需要期間保留，副本上會註明「副本 COPY」，核實完成或保存期屆滿後即會銷毀。

4. 資料轉交對象
你的個人資料會轉交負責的評估機構、資歷架構秘書處及教育局，用作上述目的；除法律規定或你同意外，不會轉交其他人士。

5. 查閱及更正資料
你有權要求查閱及更正你的個人資料。如有要求，請以書面聯絡評估機構的保障資料主任（地址見申請確認回條），並註明你的申請參考編號。評估機構可按《個人資料（私隱）條例》收取合理的查閱費用。"""

PICS_EN = """Personal Information Collection Statement

1. Purpose of collection
The personal data you give on this application form will be used by the assessment agency to process your application for Recognition of Prior Learning: to verify your identity and work experience, to arrange document review or assessment, to tell you the result, to handle any appeal, to reimburse the application fee, and to compile statistics that do not identify you.

2. Obligatory and voluntary data
Fields marked * are obligatory. If you do not give them, the agency may be unable to process your application. Other data (such as an alias and an email address) is voluntary and helps us contact you.

3. Identity documents
Staff check your Hong Kong Identity Card against the original and record who checked it and when. A copy of the card is kept only while it is needed, marked "COPY 副本", and destroyed once verification is done or the retention period ends.

4. Who receives the data
Your personal data will be passed to the assessment agency responsible, the Qualifications Framework Secretariat and the Education Bureau for the purposes above; it is not passed to anyone else unless the law requires it or you agree.

5. Access and correction
You have the right to ask for access to and correction of your personal data. Write to the agency's Data Protection Officer (address on the acknowledgement slip) quoting your application reference number. The agency may charge a reasonable fee for a data access request under the Personal Data (Privacy) Ordinance (Cap. 486)."""


def bilingual_pics() -> str:
    """Chinese first, then English, as printed on Hong Kong forms."""
    return f"{PICS_ZH}\n\n{PICS_EN}"
