<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_HK">
<context>
    <name>AddDocumentDialog</name>
    <message>
        <location filename="../../assessor_app/ui/case/dialogs.py" line="94"/>
        <source>Add a document to the checklist</source>
        <translation>在清單加入證明文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/dialogs.py" line="102"/>
        <source>No particular period</source>
        <translation>不指定工作經驗</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/dialogs.py" line="111"/>
        <source>Document</source>
        <translation>證明文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/dialogs.py" line="112"/>
        <source>Proves the period</source>
        <translation>證明的工作經驗</translation>
    </message>
</context>
<context>
    <name>AdministratorPage</name>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="117"/>
        <source>The first administrator</source>
        <translation>第一位系統管理員</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="120"/>
        <source>They sign in with this password and add the other users. The case database is encrypted under it: a forgotten password of the only administrator cannot be recovered.</source>
        <translation>系統管理員以此密碼登入，並新增其他用戶。個案資料庫以此密碼加密：唯一系統管理員忘記密碼便無法復原。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="125"/>
        <source>&amp;User name</source>
        <translation>用戶名稱(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="126"/>
        <source>&amp;Display name</source>
        <translation>顯示名稱(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="127"/>
        <source>&amp;Password</source>
        <translation>密碼(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="128"/>
        <source>Password &amp;again</source>
        <translation>再次輸入密碼(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="132"/>
        <source>e.g. amywong (lower-case letters and digits)</source>
        <translation>例如 amywong（小寫英文字母及數字）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="133"/>
        <source>as printed on letters and reports</source>
        <translation>印於信件及報告上的名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="134"/>
        <source>at least 8 characters</source>
        <translation>最少 8 個字元</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="145"/>
        <source>The two passwords are not the same.</source>
        <translation>兩次輸入的密碼不相同。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="148"/>
        <source>Type the administrator&apos;s user name.</source>
        <translation>請輸入系統管理員的用戶名稱。</translation>
    </message>
</context>
<context>
    <name>AgencyContactsBox</name>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="95"/>
        <source>The agency&apos;s contacts (printed on slips)</source>
        <translation>評估機構聯絡資料（印於回條）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="97"/>
        <source>Agency:</source>
        <translation>評估機構：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="98"/>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="99"/>
        <source>Phone:</source>
        <translation>電話：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="100"/>
        <source>E-mail:</source>
        <translation>電郵：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="101"/>
        <source>Opening hours:</source>
        <translation>辦公時間：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="105"/>
        <source>e.g. +852 2345 6789</source>
        <translation>例如 +852 2345 6789</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="106"/>
        <source>e.g. Mon–Fri 09:00–18:00</source>
        <translation>例如 星期一至五 09:00–18:00</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="107"/>
        <source>Save the contacts</source>
        <translation>儲存聯絡資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/agency.py" line="108"/>
        <source>Only an administrator may change the agency&apos;s contacts.</source>
        <translation>只有系統管理員可以更改評估機構的聯絡資料。</translation>
    </message>
</context>
<context>
    <name>AgencyPage</name>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="172"/>
        <source>The agency and its contacts</source>
        <translation>評估機構及其聯絡資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="175"/>
        <source>Printed on every slip and letter, so applicants know where to bring documents. Settings changes them later.</source>
        <translation>印於每張收據及每封信件上，讓申請人知道往何處遞交文件。日後可在「設定」更改。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="186"/>
        <source>A&amp;gency</source>
        <translation>評估機構(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="187"/>
        <source>Add&amp;ress</source>
        <translation>地址(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="188"/>
        <source>P&amp;hone</source>
        <translation>電話(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="189"/>
        <source>&amp;E-mail</source>
        <translation>電郵(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="190"/>
        <source>&amp;Opening hours</source>
        <translation>辦公時間(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="194"/>
        <source>e.g. +852 2345 6789</source>
        <translation>例如 +852 2345 6789</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="195"/>
        <source>e.g. Mon–Fri 09:00–18:00</source>
        <translation>例如 星期一至五 09:00–18:00</translation>
    </message>
</context>
<context>
    <name>ApplicationFormWidget</name>
    <message>
        <location filename="../../assessor_app/ui/intake/qualifications_section.py" line="178"/>
        <source>Not open to carers: only the eight elderly-care qualifications open to carers accept a carer&apos;s declaration.</source>
        <translation>不開放予照顧者：只有開放予照顧者申請的八項安老服務資歷接受照顧者聲明。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualifications_section.py" line="170"/>
        <source>Space ticks: the applicant gives a carer&apos;s declaration instead of employer proof for this qualification.</source>
        <translation>按空白鍵剔選：申請人就此資歷以照顧者聲明代替僱主證明。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="293"/>
        <source>The day the form reached the agency, or its postmark: the rules count from it.</source>
        <translation>申請表送達評估機構的日期或郵戳日期：各項規則以此日期計算。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="290"/>
        <source>Received on / postmark date *</source>
        <translation>收件／郵戳日期 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="266"/>
        <source>Chinese name</source>
        <translation>中文姓名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="267"/>
        <source>English surname *</source>
        <translation>英文姓氏 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="268"/>
        <source>English given names *</source>
        <translation>英文名字 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="269"/>
        <source>Alias</source>
        <translation>別名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="270"/>
        <source>HKID No. *</source>
        <translation>香港身份證號碼 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="271"/>
        <source>Symbol under the date of birth *</source>
        <translation>出生日期下方的符號 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="272"/>
        <source>Date of birth *</source>
        <translation>出生日期 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="273"/>
        <source>Phone *</source>
        <translation>電話 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="274"/>
        <source>Email</source>
        <translation>電郵</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="275"/>
        <source>Correspondence address *</source>
        <translation>通訊地址 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="276"/>
        <source>Preferred language</source>
        <translation>通訊語言</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="280"/>
        <source>as on the HKID card</source>
        <translation>與身份證上相同</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="281"/>
        <source>e.g. CHAN</source>
        <translation>例如 CHAN</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="282"/>
        <source>e.g. Tai Man</source>
        <translation>例如 Tai Man</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="283"/>
        <source>e.g. A123456(3)</source>
        <translation>例如 A123456(3)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="284"/>
        <location filename="../../assessor_app/ui/intake/form.py" line="291"/>
        <source>YYYY-MM-DD or DD/MM/YYYY</source>
        <translation>YYYY-MM-DD 或 DD/MM/YYYY</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="285"/>
        <source>8 digits, e.g. 9123 4567</source>
        <translation>8 位數字，例如 9123 4567</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="287"/>
        <source>Original HKID card seen and the number checked against it *</source>
        <translation>已查閱身份證正本並核對號碼 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="289"/>
        <source>Copy of the HKID card kept (marked “COPY 副本”)</source>
        <translation>已保留身份證副本（已加註「COPY 副本」）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="296"/>
        <source>Carer&apos;s declaration instead of employer proof (Space ticks):</source>
        <translation>以照顧者聲明代替僱主證明（按空白鍵剔選）：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="300"/>
        <source>Tick each qualification the declaration is given for: only the eight elderly-care qualifications open to carers accept it (shown when one is chosen).</source>
        <translation>請為提交聲明的每項資歷剔選：只限開放予照顧者申請的八項安老服務資歷（選了其中一項才顯示）。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="304"/>
        <source>Fee paid</source>
        <translation>已繳費用</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="305"/>
        <source>Receipt No.</source>
        <translation>收據編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="306"/>
        <source>Particulars (as on the HKID card)</source>
        <translation>個人資料（與身份證上相同）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="307"/>
        <source>Employment history</source>
        <translation>工作經驗</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="308"/>
        <source>Qualifications applied for</source>
        <translation>申請的資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="311"/>
        <source>Add row (Ctrl+Shift+A)</source>
        <translation>新增一行（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="312"/>
        <source>Details… (Ctrl+E)</source>
        <translation>詳情…（Ctrl+E）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="314"/>
        <source>The row&apos;s relevance, kind, type, hours, place, duties and proof.</source>
        <translation>此行的相關資歷、性質、類別、時數、工作地點、職責及證明。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="317"/>
        <source>Previous applicant&apos;s employer (Ctrl+Shift+E)</source>
        <translation>上一位申請人的僱主（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="321"/>
        <source>Fill the first row&apos;s employer and industry from the application lodged last at this event.</source>
        <translation>以此活動最後遞交的申請填寫第一行的僱主及行業。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="324"/>
        <source>Remove row</source>
        <translation>刪除此行</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="327"/>
        <source>Type in a cell to edit it (industry: part of its name); Tab moves on; Space ticks Present.</source>
        <translation>在儲存格內輸入即可修改（行業：輸入部分名稱）；按 Tab 移往下一格；按空白鍵剔選「至今」。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="330"/>
        <source>Find a qualification (Up/Down moves, Enter adds)</source>
        <translation>尋找資歷（上／下鍵移動，Enter 加入）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="331"/>
        <source>Chosen (Delete removes)</source>
        <translation>已選（按 Delete 移除）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="332"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form.py" line="333"/>
        <source>* obligatory</source>
        <translation>* 必須填寫</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualifications_section.py" line="251"/>
        <source>Fee: choose the event first</source>
        <translation>費用：請先選擇活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualifications_section.py" line="257"/>
        <source>Fee: not in the agency&apos;s fee table</source>
        <translation>費用：評估機構的收費表沒有此項</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualifications_section.py" line="261"/>
        <source>Fee: HK${fee:,}</source>
        <translation>費用：HK${fee:,}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualifications_section.py" line="228"/>
        <source>Qualification #{id} (no longer in the catalogue)</source>
        <translation>資歷 #{id}（已不在資歷目錄內）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/particulars_section.py" line="132"/>
        <source>✓ Valid number: {number}</source>
        <translation>✓ 號碼有效：{number}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/form_problems.py" line="116"/>
        <source>Row {row}, {column}: {message}</source>
        <translation>第 {row} 行，{column}：{message}</translation>
    </message>
</context>
<context>
    <name>AssessmentStage</name>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="64"/>
        <source>Not started</source>
        <translation>未開始</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="65"/>
        <source>In progress</source>
        <translation>進行中</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="66"/>
        <source>Recommended</source>
        <translation>已提出建議</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="67"/>
        <source>Signed off</source>
        <translation>已簽批</translation>
    </message>
</context>
<context>
    <name>AttachmentsModel</name>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="192"/>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="209"/>
        <source>HKID copy</source>
        <translation>身份證副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="194"/>
        <source>erased</source>
        <translation>已刪除</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="196"/>
        <source>shared</source>
        <translation>與他人相同</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="202"/>
        <source>For: {document}</source>
        <translation>用於：{document}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="204"/>
        <source>Added by {who} on {when}</source>
        <translation>由 {who} 於 {when} 加入</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="211"/>
        <source>Erased on {when}</source>
        <translation>已於 {when} 刪除</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="214"/>
        <source>Same file as case {references}</source>
        <translation>與個案 {references} 的檔案相同</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="349"/>
        <source>Same file as case {references}: {name}</source>
        <translation>與個案 {references} 的檔案相同：{name}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="361"/>
        <source>Attach file…</source>
        <translation>附加檔案…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="337"/>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="362"/>
        <source>Choose scans, photos or PDFs to attach (several at once)</source>
        <translation>選擇要附加的掃描檔、相片或 PDF（可一次選擇多個）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="363"/>
        <source>HKID copy</source>
        <translation>身份證副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="364"/>
        <source>Mark the files attached next as copies of the HKID card</source>
        <translation>把接着附加的檔案標示為身份證副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="365"/>
        <source>View</source>
        <translation>檢視</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="366"/>
        <source>Erase HKID copy…</source>
        <translation>刪除身份證副本…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="368"/>
        <source>Delete the copy of the HKID card once verification is done (the erasure is audited)</source>
        <translation>核實完成後刪除身份證副本（刪除記錄會保留在審計紀錄中）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/attachments_panel.py" line="370"/>
        <source>Drop scans, photos or PDFs here to attach them.</source>
        <translation>把掃描檔、相片或 PDF 拖放到這裏即可附加。</translation>
    </message>
</context>
<context>
    <name>BatchFiles</name>
    <message>
        <location filename="../../assessor_app/ui/batches/files.py" line="12"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/files.py" line="19"/>
        <source>Save the batch workbook</source>
        <translation>儲存批次工作簿</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/files.py" line="37"/>
        <source>Open the returned workbook with results</source>
        <translation>開啟秘書處交回、載有結果的工作簿</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/files.py" line="43"/>
        <source>Open another laptop&apos;s batch workbook</source>
        <translation>開啟另一部電腦的批次工作簿</translation>
    </message>
</context>
<context>
    <name>BatchKind</name>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="16"/>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="17"/>
        <source>Returned results</source>
        <translation>回傳結果</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="18"/>
        <source>Merged from another laptop</source>
        <translation>由另一部電腦合併</translation>
    </message>
</context>
<context>
    <name>BatchesPage</name>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="112"/>
        <source>Batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="115"/>
        <source>Export the chosen cases as one Excel workbook for the Secretariat, import the results it sends back, or merge the batch of another laptop that worked the same event.</source>
        <translation>把選定的個案匯出為一個 Excel 工作簿交予秘書處、匯入秘書處交回的結果，或合併在同一活動工作的另一部電腦的批次。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="119"/>
        <source>Export batch…</source>
        <translation>匯出批次…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="120"/>
        <source>Import results…</source>
        <translation>匯入結果…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="121"/>
        <source>Merge another laptop&apos;s batch…</source>
        <translation>合併另一部電腦的批次…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="125"/>
        <source>No batches yet. Every batch workbook exported from this laptop or imported into it will be listed here, with its file name, date, number of cases and fingerprint.</source>
        <translation>暫時未有批次。日後從這部電腦匯出或匯入的每個批次工作簿，都會連同檔案名稱、日期、個案數目及指紋列於此處。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="156"/>
        <source>Merge conflicts ({count})</source>
        <translation>合併衝突（{count}）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="159"/>
        <source>%n case(s) from another laptop wait for a supervisor&apos;s decision.</source>
        <translation>
            <numerusform>有 %n 個來自另一部電腦的個案待主管決定。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="161"/>
        <source>No merge conflict is waiting. Resolved ones can still be looked at.</source>
        <translation>沒有待處理的合併衝突。已處理的衝突仍可查看。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="189"/>
        <source>Choose who is working first (Switch user, Ctrl+U): batches are recorded under their name.</source>
        <translation>請先選擇當值用戶（切換用戶，Ctrl+U）：批次會以其名義記錄。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="311"/>
        <source>Nothing to change: every result in {file} is already recorded.</source>
        <translation>沒有需要更改的資料：{file} 的所有結果均已記錄。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="331"/>
        <source>Results from {file} recorded: {changes} change(s), {statuses} case status change(s) (ledger batch {batch}).</source>
        <translation>已記錄 {file} 的結果：{changes} 項更改，{statuses} 個個案狀態更改（記錄冊第 {batch} 批）。</translation>
    </message>
</context>
<context>
    <name>BatchesTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="41"/>
        <source>Kind</source>
        <translation>類別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="42"/>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="43"/>
        <source>Created by</source>
        <translation>建立者</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="44"/>
        <source>Created at (Hong Kong time)</source>
        <translation>建立時間（香港時間）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="45"/>
        <source>Cases</source>
        <translation>個案數目</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/batches_table_model.py" line="46"/>
        <source>SHA-256 (start)</source>
        <translation>SHA-256（開首）</translation>
    </message>
</context>
<context>
    <name>CaseColumns</name>
    <message>
        <location filename="../../assessor_app/ui/pages/case_columns.py" line="67"/>
        <source>Columns…</source>
        <translation>欄位…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_columns.py" line="68"/>
        <source>Show or hide columns of the list (also: right-click a heading)</source>
        <translation>顯示或隱藏列表的欄位（亦可在欄位標題按右鍵）</translation>
    </message>
</context>
<context>
    <name>CaseFilterBar</name>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="112"/>
        <source>All events</source>
        <translation>所有活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="113"/>
        <source>All stations</source>
        <translation>所有工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="114"/>
        <source>All statuses</source>
        <translation>所有狀況</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="115"/>
        <source>All industries</source>
        <translation>所有行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="116"/>
        <source>All levels</source>
        <translation>所有級別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="117"/>
        <source>All routes</source>
        <translation>所有途徑</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="118"/>
        <source>All assessors</source>
        <translation>所有評審員</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="130"/>
        <source>Applied from / to</source>
        <translation>申請日期由／至</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="132"/>
        <source>any date</source>
        <translation>任何日期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="133"/>
        <source>Clear filters (Esc)</source>
        <translation>清除篩選（Esc）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/case_filter_bar.py" line="150"/>
        <source>Level {level}</source>
        <translation>第 {level} 級</translation>
    </message>
</context>
<context>
    <name>CaseStatus</name>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="15"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="16"/>
        <source>Lodged</source>
        <translation>已遞交</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="17"/>
        <source>Acknowledged</source>
        <translation>已確認收妥</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="18"/>
        <source>Documents requested</source>
        <translation>已要求補交文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="19"/>
        <source>Under review</source>
        <translation>審核中</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="20"/>
        <source>Verification scheduled</source>
        <translation>已安排核實文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="21"/>
        <source>Assessment scheduled</source>
        <translation>已安排評估</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="22"/>
        <source>Recommended pass</source>
        <translation>建議通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="23"/>
        <source>Recommended fail</source>
        <translation>建議不通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="24"/>
        <source>Signed off</source>
        <translation>已簽批</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="25"/>
        <source>Exported</source>
        <translation>已匯出</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="26"/>
        <source>Passed</source>
        <translation>通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="27"/>
        <source>Failed</source>
        <translation>不通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="28"/>
        <source>Appeal lodged</source>
        <translation>已提出上訴</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="29"/>
        <source>Appeal upheld</source>
        <translation>上訴得直</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="30"/>
        <source>Appeal dismissed</source>
        <translation>上訴被駁回</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="31"/>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="190"/>
        <source>1 request for documents overdue</source>
        <translation>1 項補交文件要求已逾期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="192"/>
        <source>{count} requests for documents overdue</source>
        <translation>{count} 項補交文件要求已逾期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="201"/>
        <source>1 request for documents outstanding</source>
        <translation>1 項補交文件要求尚待回覆</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="203"/>
        <source>{count} requests for documents outstanding</source>
        <translation>{count} 項補交文件要求尚待回覆</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="142"/>
        <source>Draft (no reference number yet)</source>
        <translation>草稿（尚未有申請編號）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="110"/>
        <source>← Back to the form</source>
        <translation>← 返回申請表</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="112"/>
        <source>Back to the application being taken on the Intake page (Esc)</source>
        <translation>返回「接見登記」頁正在填寫的申請（Esc）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="135"/>
        <source>As lodged with this case</source>
        <translation>按此個案遞交時的資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="166"/>
        <source>{hkid} — original seen by {who}, {when}</source>
        <translation>{hkid} — 由 {who} 於 {when} 核對正本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="172"/>
        <source>{hkid} — original not yet verified</source>
        <translation>{hkid} — 尚未核對正本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="153"/>
        <source>HK${fee:,}</source>
        <translation>HK${fee:,}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="158"/>
        <source>{fee} · carer&apos;s declaration</source>
        <translation>{fee} · 照顧者聲明書</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="218"/>
        <source>{title} (QF Level {level})</source>
        <translation>{title}（資歷架構第 {level} 級）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="242"/>
        <source>Attachments ({count})</source>
        <translation>附件（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="275"/>
        <source>1 year</source>
        <translation>1 年</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="277"/>
        <source>{years} years</source>
        <translation>{years} 年</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="280"/>
        <source>Required: {span} in the industry by the application date</source>
        <translation>規定：截至申請日期須有 {span}的行業經驗</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="322"/>
        <source>Files are attached to the case (no checklist line chosen).</source>
        <translation>檔案會附加到個案（未有選擇清單項目）。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="329"/>
        <source>Files are attached to: {document}</source>
        <translation>檔案會附加到：{document}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="367"/>
        <source>Reject a document</source>
        <translation>不接納證明文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="368"/>
        <source>Why is “{document}” rejected? The reason is kept with the case.</source>
        <translation>為何不接納「{document}」？原因會保存在個案中。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="461"/>
        <source>{name} was not attached: {reason}</source>
        <translation>未有附加 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="492"/>
        <source>No program on this computer opens {name}. The file is kept at:
{path}</source>
        <translation>此電腦沒有程式可開啟 {name}。檔案存放於：
{path}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="503"/>
        <source>Erase the HKID copy</source>
        <translation>刪除身份證副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="504"/>
        <source>The copy “{name}” will be deleted from this computer; the erasure stays in the audit trail. Why is it erased (e.g. identity verified)?</source>
        <translation>副本「{name}」會從此電腦刪除，刪除記錄會保留在審計紀錄中。請註明刪除原因（例如：已核實身份）。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="117"/>
        <source>← Back to the list</source>
        <translation>← 返回個案列表</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="119"/>
        <source>Back to the list of cases (Esc)</source>
        <translation>返回個案列表（Esc）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="125"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="126"/>
        <source>HKID</source>
        <translation>身份證號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="127"/>
        <source>Event</source>
        <translation>活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="128"/>
        <source>Application date</source>
        <translation>申請日期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="129"/>
        <source>Contact</source>
        <translation>聯絡</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_header.py" line="130"/>
        <source>Fee</source>
        <translation>費用</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="522"/>
        <source>Employment timeline</source>
        <translation>工作經驗時間線</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="523"/>
        <source>Requirement shown for:</source>
        <translation>顯示規定：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="524"/>
        <source>Evidence checklist</source>
        <translation>證明文件清單</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="525"/>
        <source>Mark as:</source>
        <translation>標示為：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="527"/>
        <source>Missing</source>
        <translation>尚欠</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="528"/>
        <source>Original seen</source>
        <translation>已核對正本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="529"/>
        <source>Copy received</source>
        <translation>已收副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="530"/>
        <source>Verified</source>
        <translation>已核實</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="531"/>
        <source>Rejected…</source>
        <translation>不獲接納…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="535"/>
        <source>Add document…</source>
        <translation>加入文件…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="539"/>
        <source>Eligibility on the application date</source>
        <translation>申請日期的申請資格</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_view.py" line="168"/>
        <source>Evidence and eligibility</source>
        <translation>證明文件及申請資格</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_view.py" line="169"/>
        <source>Review and decision</source>
        <translation>評審及決定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/case_view.py" line="170"/>
        <source>History</source>
        <translation>記錄</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/evidence_tab.py" line="542"/>
        <source>“With proof seen” counts only the periods whose proof is marked original seen, copy received or verified.</source>
        <translation>「按已有證明」只計算證明標示為已核對正本、已收副本或已核實的工作經驗。</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="124"/>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="164"/>
        <source>Cases</source>
        <translation>個案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="126"/>
        <source>Search reference number, name, HKID or employer (Ctrl+F; Down: results; Esc: clear)</source>
        <translation>搜尋申請編號、姓名、身份證號碼或僱主（Ctrl+F；↓：結果；Esc：清除）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="128"/>
        <source>Needs my action</source>
        <translation>待我處理</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="131"/>
        <source>My work: the cases waiting for the signed-in user (to assess, to sign off, documents overdue, results to record)</source>
        <translation>我的工作：等待已登入用戶處理的個案（待評審、待簽批、文件逾期、待記錄結果）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="144"/>
        <source>To assess</source>
        <translation>待評審</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="145"/>
        <source>To sign off</source>
        <translation>待簽批</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="146"/>
        <source>Documents overdue</source>
        <translation>文件逾期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="147"/>
        <source>Results to record</source>
        <translation>待記錄結果</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="153"/>
        <source>All my work ({count})</source>
        <translation>我的全部工作（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="164"/>
        <source>Cases ({count})</source>
        <translation>個案（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="239"/>
        <source>Counting…</source>
        <translation>點算中…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="241"/>
        <source>1 case</source>
        <translation>1 宗個案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/cases_page.py" line="243"/>
        <source>{count} cases</source>
        <translation>{count} 宗個案</translation>
    </message>
</context>
<context>
    <name>CasesTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="87"/>
        <source>Reference</source>
        <translation>申請編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="93"/>
        <source>Status</source>
        <translation>狀況</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="89"/>
        <source>Chinese name</source>
        <translation>中文姓名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="88"/>
        <source>Dup.</source>
        <translation>重複</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="90"/>
        <source>English name</source>
        <translation>英文姓名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="91"/>
        <source>HKID</source>
        <translation>身份證號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="94"/>
        <source>Event</source>
        <translation>活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="95"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="96"/>
        <source>Eligibility</source>
        <translation>資格</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="97"/>
        <source>Assessor</source>
        <translation>評審員</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="98"/>
        <source>Outstanding</source>
        <translation>尚欠文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="99"/>
        <source>Application date</source>
        <translation>申請日期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="100"/>
        <source>Last change</source>
        <translation>最後更改</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="241"/>
        <source>Possible duplicate: another case is held for this HKID</source>
        <translation>可能重複：此身份證號碼另有個案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/cases_table_model.py" line="92"/>
        <source>Qualifications</source>
        <translation>申請的資歷</translation>
    </message>
</context>
<context>
    <name>CatalogueFiles</name>
    <message>
        <location filename="../../assessor_app/ui/catalogue/files.py" line="14"/>
        <source>Catalogue files (*.csv *.xlsx)</source>
        <translation>目錄檔案 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/files.py" line="15"/>
        <location filename="../../assessor_app/ui/catalogue/files.py" line="34"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/files.py" line="16"/>
        <location filename="../../assessor_app/ui/catalogue/files.py" line="35"/>
        <source>CSV files, UTF-8 (*.csv)</source>
        <translation>CSV 檔案，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/files.py" line="25"/>
        <source>Import the agency&apos;s qualification list</source>
        <translation>匯入評估機構的資歷清單</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/files.py" line="38"/>
        <source>Save the catalogue template</source>
        <translation>儲存目錄範本</translation>
    </message>
</context>
<context>
    <name>CatalogueImport</name>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="75"/>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="76"/>
        <source>Changed</source>
        <translation>更改</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="77"/>
        <source>Withdrawn</source>
        <translation>撤回</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="83"/>
        <source>(new qualification)</source>
        <translation>（新資歷）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="84"/>
        <source>Chinese title</source>
        <translation>中文名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="85"/>
        <source>English title</source>
        <translation>英文名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="86"/>
        <source>QR number</source>
        <translation>資歷名冊登記號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="87"/>
        <source>Stream</source>
        <translation>範疇</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="88"/>
        <source>Stream (Chinese)</source>
        <translation>範疇（中文）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="89"/>
        <source>Open to carers</source>
        <translation>照顧者可申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="90"/>
        <source>Notes</source>
        <translation>備註</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="91"/>
        <source>Notes (Chinese)</source>
        <translation>備註（中文）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="92"/>
        <source>Offered at intake</source>
        <translation>登記時提供</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="101"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="103"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="106"/>
        <source>(none)</source>
        <translation>（沒有）</translation>
    </message>
</context>
<context>
    <name>CataloguePage</name>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="128"/>
        <source>Qualification catalogue</source>
        <translation>資歷目錄</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="129"/>
        <source>Search title (Chinese or English) or QR number</source>
        <translation>搜尋資歷名稱（中文或英文）或資歷名冊登記號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="130"/>
        <source>All levels</source>
        <translation>所有級別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="132"/>
        <source>Level {level}</source>
        <translation>第 {level} 級</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="133"/>
        <source>Details</source>
        <translation>詳情</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="134"/>
        <source>Import the agency&apos;s list…</source>
        <translation>匯入評估機構的資歷清單…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="137"/>
        <source>Add, change and withdraw qualifications from a .csv or .xlsx file; you see every change first</source>
        <translation>從 .csv 或 .xlsx 檔案新增、更改及撤回資歷；套用前會先列出每項改動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="140"/>
        <source>Download a template…</source>
        <translation>下載範本…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="142"/>
        <source>Save an empty catalogue file with the columns and one example row</source>
        <translation>儲存只有欄位標題及一行示例的目錄檔案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="194"/>
        <source>All industries</source>
        <translation>所有行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="211"/>
        <source>1 qualification</source>
        <translation>1 項資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="213"/>
        <source>{count} qualifications</source>
        <translation>{count} 項資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="218"/>
        <source>Select a qualification to see its details.</source>
        <translation>請選擇一項資歷以查看詳情。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="227"/>
        <source>QR number</source>
        <translation>資歷名冊登記號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="227"/>
        <source>(not recorded)</source>
        <translation>（未有記錄）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="228"/>
        <source>QF level</source>
        <translation>資歷架構級別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="229"/>
        <source>Industry</source>
        <translation>行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="230"/>
        <source>Assessment agency</source>
        <translation>評估機構</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="231"/>
        <source>Stream</source>
        <translation>範疇</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="232"/>
        <source>Open to carers</source>
        <translation>照顧者可申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="232"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="232"/>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="245"/>
        <source>Notes</source>
        <translation>備註</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="246"/>
        <source>(none)</source>
        <translation>（沒有）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="282"/>
        <source>Nothing to change: the catalogue already matches {file}.</source>
        <translation>毋須改動：目錄已與 {file} 相符。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="303"/>
        <source>Catalogue updated from {file}: {added} added, {changed} changed, {withdrawn} withdrawn.</source>
        <translation>已按 {file} 更新目錄：新增 {added} 項，更改 {changed} 項，撤回 {withdrawn} 項。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/catalogue_page.py" line="346"/>
        <source>Template saved: {path}</source>
        <translation>範本已儲存：{path}</translation>
    </message>
</context>
<context>
    <name>CataloguePreviewDialog</name>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="193"/>
        <source>Import the catalogue: {file}</source>
        <translation>匯入目錄：{file}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="196"/>
        <source>{file}: {added} qualification(s) to add, {changed} to change, {withdrawn} to withdraw; {unchanged} unchanged.</source>
        <translation>{file}：新增 {added} 項資歷，更改 {changed} 項，撤回 {withdrawn} 項；{unchanged} 項不變。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="208"/>
        <source>The file is taken as the agency&apos;s whole list for its industries: the qualifications of those industries that it does not list are withdrawn. They are no longer offered at intake and stay on the cases that applied for them.</source>
        <translation>此檔案會被視為評估機構就其行業的完整清單：這些行業中檔案沒有列出的資歷會被撤回。撤回的資歷不會再在登記時提供，但會保留在已申請該資歷的個案中。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="214"/>
        <source>Apply makes every change above at once, or none of them. Nothing has been changed yet.</source>
        <translation>套用時會一次過作出以上全部改動，否則一項也不改。目前尚未作任何改動。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="216"/>
        <source>Apply all changes</source>
        <translation>套用全部改動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="217"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CatalogueProblemsDialog</name>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="251"/>
        <source>The catalogue file was not imported</source>
        <translation>目錄檔案未有匯入</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="252"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>CatalogueTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="54"/>
        <source>QR number</source>
        <translation>資歷名冊登記號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="55"/>
        <source>Level</source>
        <translation>級別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="56"/>
        <source>Title</source>
        <translation>資歷名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="57"/>
        <source>Title (Chinese)</source>
        <translation>中文名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="57"/>
        <source>Title (English)</source>
        <translation>英文名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="58"/>
        <source>Industry</source>
        <translation>行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="59"/>
        <source>Stream</source>
        <translation>範疇</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="60"/>
        <source>Open to carers</source>
        <translation>照顧者可申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="67"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/models/catalogue_table_model.py" line="67"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ChangesTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="96"/>
        <source>Reference</source>
        <translation>申請編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="97"/>
        <source>Qualification</source>
        <translation>資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="98"/>
        <source>Field</source>
        <translation>欄位</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="99"/>
        <source>Now</source>
        <translation>現時</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="100"/>
        <source>After import</source>
        <translation>匯入後</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="101"/>
        <source>Remarks</source>
        <translation>備註</translation>
    </message>
</context>
<context>
    <name>ChecklistTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="93"/>
        <source>Document</source>
        <translation>證明文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="94"/>
        <source>Period proved</source>
        <translation>證明的工作經驗</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="95"/>
        <source>Status</source>
        <translation>狀況</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="96"/>
        <source>Recorded by</source>
        <translation>記錄人</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="97"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="98"/>
        <source>Files</source>
        <translation>檔案</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="241"/>
        <source>No conflict selected</source>
        <translation>未選取衝突</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="245"/>
        <source>Conflict #{number}: case {reference}</source>
        <translation>衝突 #{number}：個案 {reference}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="255"/>
        <source>From {file}, station {station}; found by {user} on {when}.</source>
        <translation>來自 {file}（工作站 {station}）；由 {user} 於 {when} 發現。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="261"/>
        <source>Case key: {uid}</source>
        <translation>個案識別碼：{uid}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="263"/>
        <source>Differences:</source>
        <translation>差異：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="269"/>
        <source>Decided by {user} on {when}: {decision}.</source>
        <translation>由 {user} 於 {when} 決定：{decision}。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="274"/>
        <source>Reason: {reason}</source>
        <translation>理由：{reason}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="305"/>
        <source>Replace this laptop&apos;s version of {reference} with the other laptop&apos;s? The change is recorded in the case history under your name.</source>
        <translation>以另一部電腦的版本取代此電腦上 {reference} 的版本？這項更改會以你的名義記錄在個案紀錄內。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="318"/>
        <source>{reference}: {decision}.</source>
        <translation>{reference}：{decision}。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="348"/>
        <source>Merge conflicts</source>
        <translation>合併衝突</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="351"/>
        <source>A case another laptop&apos;s batch holds differently from this laptop is listed here; the merge kept this laptop&apos;s version. A supervisor or an administrator decides which version stands, with a reason.</source>
        <translation>另一部電腦的批次中與此電腦內容不同的個案會列於此處；合併時已保留此電腦的版本。由主管或系統管理員決定採用哪個版本，並須註明理由。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="356"/>
        <source>Show resolved conflicts too</source>
        <translation>一併顯示已處理的衝突</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="357"/>
        <source>No open merge conflicts.</source>
        <translation>沒有待處理的合併衝突。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="358"/>
        <source>Reason for the decision (required):</source>
        <translation>決定的理由（必填）：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="360"/>
        <source>e.g. the applicant confirmed the employer&apos;s name by phone on 12 March</source>
        <translation>例如：申請人於 3 月 12 日致電確認僱主名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="362"/>
        <source>Keep this laptop&apos;s version</source>
        <translation>保留此電腦的版本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="363"/>
        <source>Take the other laptop&apos;s version</source>
        <translation>採用另一部電腦的版本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="364"/>
        <source>Only a supervisor or an administrator may resolve a conflict.</source>
        <translation>只有主管或系統管理員可處理衝突。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="370"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>ConflictsTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="88"/>
        <source>Reference</source>
        <translation>申請編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="89"/>
        <source>From file</source>
        <translation>來源檔案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="90"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="91"/>
        <source>Differences</source>
        <translation>差異</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="92"/>
        <source>Detected by</source>
        <translation>發現者</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="93"/>
        <source>Detected at (Hong Kong time)</source>
        <translation>發現時間（香港時間）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="94"/>
        <source>Decision</source>
        <translation>決定</translation>
    </message>
</context>
<context>
    <name>DashboardCounts</name>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="50"/>
        <source>Qualification</source>
        <translation>資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="51"/>
        <source>QF level</source>
        <translation>資歷級別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="52"/>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="53"/>
        <source>Route</source>
        <translation>評審途徑</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="54"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="77"/>
        <source>(no code)</source>
        <translation>（未有代號）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="78"/>
        <source>{group}: {item}</source>
        <translation>{group}：{item}</translation>
    </message>
</context>
<context>
    <name>DashboardCountsModel</name>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="95"/>
        <source>Counted by</source>
        <translation>統計項目</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="95"/>
        <source>Applications</source>
        <translation>申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/counts_model.py" line="95"/>
        <source>Fees</source>
        <translation>費用</translation>
    </message>
</context>
<context>
    <name>DaysLeft</name>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="48"/>
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="50"/>
        <source>Overdue by 1 day</source>
        <translation>已逾期 1 日</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="52"/>
        <source>Overdue by {days} days</source>
        <translation>已逾期 {days} 日</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="54"/>
        <source>1 day left</source>
        <translation>尚餘 1 日</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="55"/>
        <source>{days} days left</source>
        <translation>尚餘 {days} 日</translation>
    </message>
</context>
<context>
    <name>DecisionBox</name>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="171"/>
        <source>Recommendation: {result} — by {name} ({username}), {when}</source>
        <translation>建議：{result} — 由 {name}（{username}）於 {when} 提出</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="179"/>
        <source>No recommendation yet.</source>
        <translation>尚未提出建議。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="182"/>
        <source>Signed off by {name} ({username}), {when}</source>
        <translation>由 {name}（{username}）於 {when} 簽批</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="189"/>
        <source>Not signed off.</source>
        <translation>尚未簽批。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="218"/>
        <source>Recommendation and sign-off</source>
        <translation>建議及簽批</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="219"/>
        <source>Recommend pass</source>
        <translation>建議通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="220"/>
        <source>Recommend fail</source>
        <translation>建議不通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="221"/>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="222"/>
        <source>Recommend</source>
        <translation>提出建議</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="223"/>
        <source>Sign off</source>
        <translation>簽批</translation>
    </message>
</context>
<context>
    <name>DraftTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="78"/>
        <source>(no name typed yet)</source>
        <translation>（尚未輸入姓名）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="90"/>
        <source>Name as typed</source>
        <translation>已輸入的姓名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="90"/>
        <source>HKID</source>
        <translation>身份證號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="90"/>
        <source>Event</source>
        <translation>活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="90"/>
        <source>Last saved</source>
        <translation>最後儲存</translation>
    </message>
</context>
<context>
    <name>DuplicatesPanel</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="78"/>
        <source>This HKID already has %n case(s): check before lodging another.</source>
        <translation>
            <numerusform>此身份證號碼已有 %n 宗個案：請先核對再遞交。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="58"/>
        <source>{reference} · event {event} · {date} · {status} · {titles}</source>
        <translation>{reference} · 活動 {event} · {date} · {status} · {titles}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="59"/>
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="72"/>
        <source>(no reference)</source>
        <translation>（未有申請編號）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="71"/>
        <source>Has a case: {reference}, {status}, {date}. Check it first.</source>
        <translation>已有個案：{reference}，{status}，{date}。請先核對。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="93"/>
        <source>Open case</source>
        <translation>開啟個案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="93"/>
        <source>Open a case ▾</source>
        <translation>開啟個案 ▾</translation>
    </message>
</context>
<context>
    <name>Eligibility</name>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="83"/>
        <source>Meets</source>
        <translation>符合</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="84"/>
        <source>Needs a decision</source>
        <translation>待決定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="85"/>
        <source>Short</source>
        <translation>尚欠</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="86"/>
        <source>Not eligible</source>
        <translation>不符合資格</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="87"/>
        <source>No rule</source>
        <translation>沒有規則</translation>
    </message>
</context>
<context>
    <name>EligibilityHints</name>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="144"/>
        <source> and </source>
        <translation>及</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="143"/>
        <source>{months} months of relevant experience</source>
        <translation>相關經驗 {months} 個月</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="141"/>
        <source>1 month of relevant experience</source>
        <translation>相關經驗 1 個月</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="139"/>
        <source>{months} months in the industry</source>
        <translation>行業經驗 {months} 個月</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="137"/>
        <source>1 month in the industry</source>
        <translation>行業經驗 1 個月</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="125"/>
        <source>Short: {halves}: {figures}</source>
        <translation>尚欠：{halves}：{figures}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="62"/>
        <source>Eligibility on the application date:</source>
        <translation>於申請日期的申請資格：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="87"/>
        <source>Add employment dates to check eligibility.</source>
        <translation>請輸入工作經驗的日期以檢查申請資格。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="92"/>
        <source>Qualification #{id}: no longer in the catalogue, cannot be checked.</source>
        <translation>資歷 #{id}：已不在資歷目錄內，無法檢查。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="102"/>
        <source>{title} (QF L{level}): {outcome}</source>
        <translation>{title}（資歷架構第 {level} 級）：{outcome}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="113"/>
        <source>Not eligible. {reasons}</source>
        <translation>不符合申請資格。{reasons}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="115"/>
        <source>No published experience rule: the assessor decides</source>
        <translation>沒有已公布的工作經驗規則：由評審員決定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="119"/>
        <source>Meets the rule: {figures}</source>
        <translation>符合規定：{figures}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="122"/>
        <source>Needs the assessor&apos;s decision (part-time or outside Hong Kong): {figures}</source>
        <translation>須由評審員決定（兼職或香港以外的經驗）：{figures}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="149"/>
        <source>Document review (exam-free window until {end})</source>
        <translation>文件審核（免試期至 {end}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="152"/>
        <source>Document review</source>
        <translation>文件審核</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/eligibility_hints.py" line="153"/>
        <source>Assessment</source>
        <translation>評估</translation>
    </message>
</context>
<context>
    <name>EligibilityPanel</name>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="126"/>
        <source>No qualification applied for.</source>
        <translation>沒有申請任何資歷。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="132"/>
        <source>{title} (QF Level {level})</source>
        <translation>{title}（資歷架構第 {level} 級）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="136"/>
        <source>Route: {route}</source>
        <translation>途徑：{route}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="137"/>
        <source>As claimed (every period): {outcome}</source>
        <translation>按申報（全部工作經驗）：{outcome}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="138"/>
        <source>With proof seen: {outcome}</source>
        <translation>按已有證明：{outcome}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="153"/>
        <source>as claimed</source>
        <translation>按申報</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="154"/>
        <source>with proof seen</source>
        <translation>只計已有證明</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="164"/>
        <source>QF Secretariat&apos;s remarks on the result: {remarks}</source>
        <translation>資歷架構秘書處對結果的備註：{remarks}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="176"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="177"/>
        <source>{verdict}: L{level} {title}</source>
        <translation>{verdict}：第 {level} 級 {title}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="184"/>
        <source>With proof seen: {verdicts}</source>
        <translation>按已有證明：{verdicts}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="218"/>
        <source>Not eligible. {reasons}</source>
        <translation>不符合資格。{reasons}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="220"/>
        <source>No published experience rule: the assessor decides.</source>
        <translation>沒有已公布的工作經驗規則：由評審員決定。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="223"/>
        <source>Meets the rule: {figures}</source>
        <translation>符合規定：{figures}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="225"/>
        <source>Needs the assessor&apos;s decision: {figures}</source>
        <translation>須由評審員決定：{figures}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="227"/>
        <source>Short by 1 month: {figures}</source>
        <translation>尚欠 1 個月：{figures}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="228"/>
        <source>Short by {months} months: {figures}</source>
        <translation>尚欠 {months} 個月：{figures}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="240"/>
        <source>{half} {counted} ({required})</source>
        <translation>{half} {counted}（{required}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="244"/>
        <source>{half}, short by {months} months</source>
        <translation>{half}，尚欠 {months} 個月</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="248"/>
        <source>in the industry</source>
        <translation>行業經驗</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="254"/>
        <source>relevant</source>
        <translation>相關經驗</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="259"/>
        <source>Months counted (required), {basis}: {total}; {relevant}</source>
        <translation>計算月數（規定），{basis}：{total}；{relevant}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="266"/>
        <source>document review (exam-free window until {end})</source>
        <translation>文件審核（免試期至 {end}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="269"/>
        <source>document review</source>
        <translation>文件審核</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/eligibility_panel.py" line="270"/>
        <source>assessment</source>
        <translation>評估</translation>
    </message>
</context>
<context>
    <name>EmploymentRowDialog</name>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="44"/>
        <source>(no employer yet)</source>
        <translation>（未填僱主）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="45"/>
        <source>Row {row}: details</source>
        <translation>第 {row} 行：詳情</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="46"/>
        <source>Row {row}: {employer}</source>
        <translation>第 {row} 行：{employer}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="60"/>
        <source>None ticked: relevant in the industry only. Space ticks, A all, N none.</source>
        <translation>全不剔選：只屬行業經驗。按空白鍵剔選，A 全選，N 全不選。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="75"/>
        <source>Worked in Hong Kong</source>
        <translation>在香港工作</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="82"/>
        <source>Relevant to</source>
        <translation>相關資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="83"/>
        <source>Kind</source>
        <translation>性質</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="84"/>
        <source>Type</source>
        <translation>類別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="85"/>
        <source>Hours/week (part-time)</source>
        <translation>每週時數（兼職）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="87"/>
        <source>Duties</source>
        <translation>職責</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_row_dialog.py" line="88"/>
        <source>Proof</source>
        <translation>證明</translation>
    </message>
</context>
<context>
    <name>EmploymentTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="182"/>
        <source>Kind</source>
        <translation>性質</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="178"/>
        <source>Relevant to</source>
        <translation>相關資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="149"/>
        <source>Other industry (not counted)</source>
        <translation>其他行業（不計算）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="140"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="138"/>
        <source>Industry only</source>
        <translation>只屬行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="175"/>
        <source>Employer *</source>
        <translation>僱主 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="176"/>
        <source>Post</source>
        <translation>職位</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="177"/>
        <source>Industry</source>
        <translation>行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="179"/>
        <source>Start *</source>
        <translation>開始 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="180"/>
        <source>End</source>
        <translation>結束</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="181"/>
        <source>Present</source>
        <translation>至今</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="183"/>
        <source>Type</source>
        <translation>類別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="184"/>
        <source>Hours/week</source>
        <translation>每週時數</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="185"/>
        <source>In HK</source>
        <translation>在港</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="186"/>
        <source>Duties</source>
        <translation>職責</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/employment_model.py" line="187"/>
        <source>Proof</source>
        <translation>證明</translation>
    </message>
</context>
<context>
    <name>EventDashboardPanel</name>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="98"/>
        <source>Preparing the summary…</source>
        <translation>正在準備總結…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="189"/>
        <source>Choose an event</source>
        <translation>選擇活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="229"/>
        <source>No event chosen.</source>
        <translation>未選擇活動。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="237"/>
        <source>(no code)</source>
        <translation>（未有代號）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="245"/>
        <source>Stations: {stations}</source>
        <translation>工作站：{stations}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="252"/>
        <source>%n form(s) with no fee</source>
        <translation>
            <numerusform>%n 份申請沒有費用資料</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="259"/>
        <source>{items} on {cases} cases</source>
        <translation>{items} 份，涉及 {cases} 宗個案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="268"/>
        <source>Fees by qualification: each form&apos;s fee shared equally among its qualifications.</source>
        <translation>按資歷計算的費用：每份申請的費用由其申請的資歷平均攤分。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="273"/>
        <source>%n case(s) lodged at this event on another day than the event&apos;s.</source>
        <translation>
            <numerusform>有 %n 宗個案於活動當日以外的日子在此活動遞交。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="291"/>
        <source>Save the end-of-day summary as PDF</source>
        <translation>把活動總結儲存為 PDF</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="297"/>
        <source>Summary saved: {path}</source>
        <translation>總結已儲存：{path}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="306"/>
        <source>An unexpected error: see the report.</source>
        <translation>發生未預期的錯誤：請查看錯誤報告。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="310"/>
        <source>Event</source>
        <translation>活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="312"/>
        <source>Lodged at this event</source>
        <translation>在此活動遞交</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="313"/>
        <source>of them on the event&apos;s day</source>
        <translation>其中於活動當日遞交</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="314"/>
        <source>Qualifications applied for</source>
        <translation>申請的資歷（項）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="315"/>
        <source>Fees</source>
        <translation>費用</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="316"/>
        <source>Drafts still open</source>
        <translation>未完成的草稿</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="317"/>
        <source>Documents outstanding</source>
        <translation>尚欠的證明文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="321"/>
        <source>Applications per hour (Hong Kong time)</source>
        <translation>每小時遞交的申請（香港時間）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="322"/>
        <source>Save end-of-day summary (PDF)…</source>
        <translation>儲存活動總結（PDF）…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="323"/>
        <source>Refresh</source>
        <translation>重新整理</translation>
    </message>
</context>
<context>
    <name>EventPanel</name>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="144"/>
        <source>Choose the event, or create one</source>
        <translation>請選擇活動，或新增一個</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="156"/>
        <source>No event chosen: applications need one.</source>
        <translation>未選擇活動：每份申請都須屬於一個活動。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="220"/>
        <source>Event</source>
        <translation>活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="221"/>
        <source>New event…</source>
        <translation>新增活動…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="222"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="223"/>
        <source>not set</source>
        <translation>未設定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="224"/>
        <source>Set station code…</source>
        <translation>設定工作站代號…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="225"/>
        <source>Staff name</source>
        <translation>職員姓名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/event_panel.py" line="226"/>
        <source>who is taking applications</source>
        <translation>負責接收申請的職員</translation>
    </message>
</context>
<context>
    <name>EvidenceStatus</name>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="30"/>
        <source>Missing</source>
        <translation>尚欠</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="31"/>
        <source>Original seen</source>
        <translation>已核對正本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="32"/>
        <source>Copy received</source>
        <translation>已收副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="33"/>
        <source>Verified</source>
        <translation>已核實</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/checklist_model.py" line="34"/>
        <source>Rejected</source>
        <translation>不獲接納</translation>
    </message>
</context>
<context>
    <name>ExceptionDialog</name>
    <message>
        <location filename="../../assessor_app/ui/exception_dialog.py" line="23"/>
        <source>Unexpected error</source>
        <translation>意外錯誤</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/exception_dialog.py" line="27"/>
        <source>Something went wrong inside the application. Your saved work is safe in the case database. Please copy this report and send it to your support contact.</source>
        <translation>程式內部出現問題。已儲存的資料仍安全保存在個案資料庫內。請複製這份報告，交給負責技術支援的同事。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/exception_dialog.py" line="36"/>
        <source>Copy report</source>
        <translation>複製報告</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="180"/>
        <source>1 case will be exported.</source>
        <translation>將匯出 1 個個案。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="182"/>
        <source>{count} cases will be exported.</source>
        <translation>將匯出 {count} 個個案。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="184"/>
        <source>No case matches: nothing to export.</source>
        <translation>沒有符合條件的個案，毋須匯出。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="199"/>
        <source>Cancel export</source>
        <translation>取消匯出</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="199"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="236"/>
        <source>Writing {file}…</source>
        <translation>正在寫入 {file}…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="253"/>
        <source>Checking the written workbook cell by cell…</source>
        <translation>正在逐格核對已寫入的工作簿…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="273"/>
        <source>Export cancelled: no file was written and no batch was recorded.</source>
        <translation>已取消匯出：未有寫入檔案，亦未有記錄批次。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="279"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="299"/>
        <source>Export a batch workbook</source>
        <translation>匯出批次工作簿</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="302"/>
        <source>Choose the cases for the Secretariat. By default the batch takes every signed-off case not yet exported; corrected cases always go with the next batch. Exported cases are locked.</source>
        <translation>選擇交予秘書處的個案。批次預設包括所有已簽批但尚未匯出的個案；已更正的個案一定會隨下一批匯出。已匯出的個案會被鎖定。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="306"/>
        <source>Event:</source>
        <translation>活動：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="307"/>
        <source>Cases in state:</source>
        <translation>個案狀態：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="308"/>
        <source>All events</source>
        <translation>所有活動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="309"/>
        <source>Signed off, not yet exported</source>
        <translation>已簽批、尚未匯出</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="312"/>
        <source>Export…</source>
        <translation>匯出…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="313"/>
        <source>Full HKID numbers (encrypted)</source>
        <translation>完整身份證號碼（加密）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="314"/>
        <source>Unencrypted: masked HKIDs and minimised columns only</source>
        <translation>未加密：只有遮蓋的身份證號碼及精簡欄位</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="321"/>
        <source>No password: the workbook then carries masked HKIDs and no date of birth, phone, e-mail or address. Not with full HKID numbers.</source>
        <translation>不設密碼：工作簿只載有遮蓋的身份證號碼，沒有出生日期、電話、電郵或地址。不可與完整身份證號碼同時選取。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="325"/>
        <source>Only a supervisor or an administrator may export a workbook unencrypted.</source>
        <translation>只有主管或系統管理員可匯出未加密的工作簿。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="330"/>
        <source>The workbook carries the full HKID numbers and is encrypted with a password shown once, after the export.</source>
        <translation>工作簿載有完整身份證號碼，並以密碼加密；密碼只會在匯出後顯示一次。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="337"/>
        <source>Only a supervisor or an administrator may export full HKID numbers. Without them HKIDs leave this laptop masked, e.g. A123***(*).</source>
        <translation>只有主管或系統管理員可匯出完整身份證號碼。否則身份證號碼會以遮蓋形式離開此電腦，例如 A123***(*)。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="345"/>
        <source>The workbook will be encrypted. Its password is shown once when the export is done: send it to the recipient separately from the file.</source>
        <translation>工作簿將會加密。匯出完成時密碼只會顯示一次：請將密碼與檔案分開交給收件人。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="353"/>
        <source>The workbook will not be encrypted: anyone with the file can read it. It carries masked HKIDs and names only, no date of birth, phone, e-mail or address.</source>
        <translation>工作簿不會加密：任何取得檔案的人均可閱讀。檔案只載有遮蓋的身份證號碼及姓名，沒有出生日期、電話、電郵或地址。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="361"/>
        <source>HKIDs are exported masked (A123***(*)). The workbook is encrypted: its password is shown once when the export is done.</source>
        <translation>身份證號碼會以遮蓋形式匯出（A123***(*)）。工作簿會加密：匯出完成時只會顯示一次密碼。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/export_dialog.py" line="366"/>
        <source>HKIDs are exported masked (A123***(*)). The workbook is encrypted: its password is shown once when the export is done. Only a supervisor or an administrator may export full numbers.</source>
        <translation>身份證號碼會以遮蓋形式匯出（A123***(*)）。工作簿會加密：匯出完成時只會顯示一次密碼。只有主管或系統管理員可匯出完整號碼。</translation>
    </message>
</context>
<context>
    <name>ExportPasswordDialog</name>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="143"/>
        <location filename="../../assessor_app/ui/batches/password.py" line="185"/>
        <source>Copied.</source>
        <translation>已複製。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="152"/>
        <source>Close without noting the password? It cannot be shown again, and without it the file cannot be opened.</source>
        <translation>未記下密碼就關閉？密碼不會再顯示，沒有密碼便無法開啟檔案。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="172"/>
        <source>Password of the encrypted workbook</source>
        <translation>加密工作簿的密碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="175"/>
        <source>{file} carries full HKID numbers, so it is encrypted. It opens with this password:</source>
        <translation>{file} 載有完整身份證號碼，因此已加密。請用以下密碼開啟：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="178"/>
        <source>{file} carries names, phone numbers and other personal data, so it is encrypted. It opens with this password:</source>
        <translation>{file} 載有姓名、電話號碼及其他個人資料，因此已加密。請以此密碼開啟：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="183"/>
        <source>Copy password</source>
        <translation>複製密碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="188"/>
        <source>This password is shown only this once and is not kept anywhere. Send it to the recipient separately from the file (for example by phone or SMS, never in the same e-mail). Without it the file cannot be opened.</source>
        <translation>此密碼只會顯示這一次，不會儲存在任何地方。請將密碼與檔案分開交給收件人（例如以電話或短訊告知，切勿放在同一封電郵內）。沒有密碼便無法開啟檔案。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="193"/>
        <source>The clipboard is cleared when this window closes.</source>
        <translation>關閉此視窗時會清除剪貼簿。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="195"/>
        <source>I have noted the password</source>
        <translation>我已記下密碼</translation>
    </message>
</context>
<context>
    <name>FileAccess</name>
    <message>
        <location filename="../../assessor_app/ui/case/file_access.py" line="17"/>
        <source>Attach scans, photos or PDFs</source>
        <translation>附加掃描檔、相片或 PDF</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/file_access.py" line="19"/>
        <source>Scans, photos and PDFs (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
        <translation>掃描檔、相片及 PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="443"/>
        <source>Set up this laptop — {name}</source>
        <translation>設定此電腦 — {name}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="446"/>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="447"/>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="448"/>
        <source>&amp;Set up</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="449"/>
        <source>Quit</source>
        <translation>離開</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="469"/>
        <source>Administrator: {name} ({user})</source>
        <translation>系統管理員：{name}（{user}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="472"/>
        <source>Agency contacts: {agency}</source>
        <translation>評估機構聯絡資料：{agency}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="474"/>
        <source>Agency contacts: none yet (Settings)</source>
        <translation>評估機構聯絡資料：暫無（可在「設定」填寫）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="477"/>
        <source>Station: {code}</source>
        <translation>工作站：{code}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="479"/>
        <source>Station: later, on the Intake page</source>
        <translation>工作站：稍後在「收件」頁設定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="482"/>
        <source>Catalogue: import {file}</source>
        <translation>資歷目錄：匯入 {file}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="484"/>
        <source>Catalogue: the one shipped with the app</source>
        <translation>資歷目錄：使用程式隨附的目錄</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="488"/>
        <source>User: {name} ({user}), {role}</source>
        <translation>用戶：{name}（{user}），{role}</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../assessor_app/ui/case/history_panel.py" line="58"/>
        <source>Every change to this case, oldest first. The trail cannot be edited: each entry is chained to the one before, and “assessor-app audit verify” checks the whole chain.</source>
        <translation>此個案的每項更改，由最早開始排列。審計紀錄不能修改：每項紀錄都與前一項相連，「assessor-app audit verify」可檢查整條紀錄鏈。</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="234"/>
        <source>When (Hong Kong)</source>
        <translation>時間（香港）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="235"/>
        <source>Who</source>
        <translation>人員</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="236"/>
        <source>What</source>
        <translation>項目</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="237"/>
        <source>Old → new</source>
        <translation>原值 → 新值</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="238"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>HkidRevealButton</name>
    <message>
        <location filename="../../assessor_app/ui/case/hkid_reveal.py" line="89"/>
        <source>The full number is shown for a minute, then masked again.</source>
        <translation>完整號碼會顯示一分鐘，之後再次遮蓋。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/hkid_reveal.py" line="93"/>
        <source>Show the full number for a minute, e.g. to check it against the card; the viewing is recorded in the case&apos;s history.</source>
        <translation>顯示完整號碼一分鐘，例如與身份證核對；查看記錄會載入個案記錄。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/hkid_reveal.py" line="99"/>
        <source>Show in full</source>
        <translation>顯示完整號碼</translation>
    </message>
</context>
<context>
    <name>HourChart</name>
    <message>
        <location filename="../../assessor_app/ui/dashboard/hour_chart.py" line="74"/>
        <source>Hour (Hong Kong time)</source>
        <translation>時段（香港時間）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/hour_chart.py" line="82"/>
        <source>Applications</source>
        <translation>申請數目</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/dashboard/hour_chart.py" line="96"/>
        <source>No applications lodged yet</source>
        <translation>尚未有申請遞交</translation>
    </message>
</context>
<context>
    <name>ImageViewerDialog</name>
    <message>
        <location filename="../../assessor_app/ui/case/dialogs.py" line="199"/>
        <source>Fit to the window</source>
        <translation>配合視窗大小</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/dialogs.py" line="200"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/dialogs.py" line="202"/>
        <source>This image cannot be shown.</source>
        <translation>無法顯示此圖像。</translation>
    </message>
</context>
<context>
    <name>IntakeAttacher</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/attach_flow.py" line="69"/>
        <source>Attaching %n file(s)…</source>
        <translation>
            <numerusform>正在附加 %n 個檔案…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/attach_flow.py" line="90"/>
        <source>Attached: {names}.</source>
        <translation>已附加：{names}。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/attach_flow.py" line="95"/>
        <source>{name} was not attached: {reason}</source>
        <translation>未有附加 {name}：{reason}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/attach_flow.py" line="100"/>
        <source>%n file(s) not attached: see the message.</source>
        <translation>
            <numerusform>%n 個檔案未有附加：請參閱訊息。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/attach_flow.py" line="115"/>
        <source>Removed: {name}.</source>
        <translation>已移除：{name}。</translation>
    </message>
</context>
<context>
    <name>IntakeAttachmentsBox</name>
    <message>
        <location filename="../../assessor_app/ui/intake/attachments_box.py" line="73"/>
        <source>Documents attached (scans, photos, PDFs)</source>
        <translation>已附加文件（掃描檔、相片、PDF）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/attachments_box.py" line="74"/>
        <source>Attach… ({shortcut})</source>
        <translation>附加檔案…（{shortcut}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/attachments_box.py" line="76"/>
        <source>An employer&apos;s letter, a photo of a document: JPEG, PNG, TIFF or PDF, up to 20 MB each.</source>
        <translation>例如僱主信件、文件的相片：JPEG、PNG、TIFF 或 PDF，每個檔案最大 20 MB。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/attachments_box.py" line="78"/>
        <source>Remove file</source>
        <translation>移除檔案</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/attachments_box.py" line="99"/>
        <source>%n file(s) attached: lodged with the application.</source>
        <translation>
            <numerusform>已附加 %n 個檔案：隨申請存檔。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/attachments_box.py" line="101"/>
        <source>None yet: files are lodged with the application.</source>
        <translation>未附加：隨申請存檔</translation>
    </message>
</context>
<context>
    <name>IntakeBottomBar</name>
    <message>
        <location filename="../../assessor_app/ui/intake/bottom_bar.py" line="33"/>
        <source>Lodge (Ctrl+S)</source>
        <translation>遞交 (Ctrl+S)</translation>
    </message>
</context>
<context>
    <name>IntakeChoices</name>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="39"/>
        <source>Caring / volunteering</source>
        <translation>照顧／義務工作</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="38"/>
        <source>Employment</source>
        <translation>受僱工作</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="17"/>
        <source>Choose…</source>
        <translation>請選擇…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="18"/>
        <source>A – right of abode</source>
        <translation>A – 香港居留權</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="19"/>
        <source>R – right to land</source>
        <translation>R – 香港入境權</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="20"/>
        <source>U – no condition of stay</source>
        <translation>U – 無逗留條件限制</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="23"/>
        <source>OWP – one-way permit holder</source>
        <translation>OWP – 單程證持有人</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="30"/>
        <source>Full-time</source>
        <translation>全職</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="31"/>
        <source>Part-time</source>
        <translation>兼職</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="32"/>
        <source>Self-employed</source>
        <translation>自僱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="45"/>
        <source>Missing</source>
        <translation>尚欠</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="46"/>
        <source>Original seen</source>
        <translation>已核對正本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="47"/>
        <source>Copy received</source>
        <translation>已收副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="53"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/choices.py" line="54"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>IntakeFormPage</name>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="234"/>
        <source>Intake: promotion day</source>
        <translation>接見登記：推廣日</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="315"/>
        <source>Draft saved at {time}.</source>
        <translation>草稿已於 {time} 儲存。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="323"/>
        <source>Draft NOT saved: {reason} It will be tried again.</source>
        <translation>草稿未能儲存：{reason} 稍後會再嘗試。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="387"/>
        <source>No application lodged at this event yet: no employer to copy.</source>
        <translation>此活動尚未有遞交的申請：沒有可複製的僱主。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="430"/>
        <source>Not lodged: a file is still being attached. Lodge again in a moment.</source>
        <translation>未有遞交：仍在附加檔案，請稍後再遞交。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="446"/>
        <source>Not lodged: %n problem(s) to fix, shown in red.</source>
        <translation>
            <numerusform>未遞交：有 %n 個問題需要修正，已以紅色標示。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="451"/>
        <source>Not lodged: set this laptop&apos;s station code first.</source>
        <translation>未遞交：請先設定這部電腦的工作站代號。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="466"/>
        <source>Lodging…</source>
        <translation>正在遞交…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="488"/>
        <source>Lodged as {reference}.</source>
        <translation>已遞交，申請編號 {reference}。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="500"/>
        <source>Not lodged: {reason}</source>
        <translation>未遞交：{reason}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="504"/>
        <source>Not lodged: an unexpected error.</source>
        <translation>未遞交：出現意外錯誤。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="525"/>
        <source>The unfinished application was kept as a draft: Resume draft brings it back.</source>
        <translation>未完成的申請已保留為草稿：按「繼續填寫草稿」即可取回。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="527"/>
        <source>Ready for the next applicant.</source>
        <translation>可以接待下一位申請人。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="561"/>
        <source>Draft restored: {name}.</source>
        <translation>已還原草稿：{name}。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="561"/>
        <source>(no name)</source>
        <translation>（未有姓名）</translation>
    </message>
</context>
<context>
    <name>IntakeSideTabs</name>
    <message>
        <location filename="../../assessor_app/ui/intake/side_panel.py" line="36"/>
        <source>Applications</source>
        <translation>申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/side_panel.py" line="37"/>
        <source>Event overview</source>
        <translation>活動概覽</translation>
    </message>
</context>
<context>
    <name>IntakeSlip</name>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_flow.py" line="41"/>
        <source>Preparing the slip…</source>
        <translation>正在準備收條…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_flow.py" line="44"/>
        <source>No printer here: save the slip as a PDF instead.</source>
        <translation>這部電腦沒有打印機：請改為將收條儲存為 PDF。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_flow.py" line="71"/>
        <source>Slip saved: {path}</source>
        <translation>收條已儲存：{path}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_flow.py" line="76"/>
        <source>The slip was sent to the printer.</source>
        <translation>回條已送往打印機。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_flow.py" line="84"/>
        <source>The slip&apos;s font lacks some characters; they are printed as code points: {chars}. Write them on the slip by hand.</source>
        <translation>收據所用字型缺少部分字元，這些字元會以字碼列印：{chars}。請在收據上以人手寫上。</translation>
    </message>
</context>
<context>
    <name>JudgementEditor</name>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="146"/>
        <source>{title} (QF Level {level})</source>
        <translation>{title}（資歷架構第 {level} 級）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="209"/>
        <source>Assessment of the evidence</source>
        <translation>證明文件評審</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="210"/>
        <source>Qualification:</source>
        <translation>資歷：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="212"/>
        <source>Appropriateness</source>
        <translation>適切性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="213"/>
        <source>Validity</source>
        <translation>有效性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="214"/>
        <source>Currency</source>
        <translation>時效性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="215"/>
        <source>Sufficiency</source>
        <translation>充足性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="216"/>
        <source>Authenticity</source>
        <translation>真確性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="217"/>
        <source>Notes</source>
        <translation>備註</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="220"/>
        <source>Does the evidence match the competencies of the qualification?</source>
        <translation>證明文件是否與資歷所要求的能力相符？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="221"/>
        <source>Is each document what it claims to be, from the right source?</source>
        <translation>每份文件是否真如其所述，並由合適的來源發出？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="222"/>
        <source>Is the experience recent enough?</source>
        <translation>工作經驗是否夠近期？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="223"/>
        <source>Is there enough evidence, over enough time?</source>
        <translation>證明文件是否足夠，涵蓋的時間是否足夠？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="224"/>
        <source>Is the evidence the applicant&apos;s own?</source>
        <translation>證明文件是否屬於申請人本人？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="225"/>
        <source>Anything else the supervisor should know</source>
        <translation>其他需要主管知道的事項</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/judgement_editor.py" line="230"/>
        <source>Save judgements</source>
        <translation>儲存判斷</translation>
    </message>
</context>
<context>
    <name>KnownApplicantPanel</name>
    <message>
        <location filename="../../assessor_app/ui/intake/known_applicant.py" line="90"/>
        <source>Stored particulars differ:</source>
        <translation>已儲存的資料不同：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/known_applicant.py" line="92"/>
        <source>Known HKID: the particulars stored on this laptop differ from those typed.</source>
        <translation>已登記的身份證號碼：本電腦儲存的個人資料與輸入的不同。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/known_applicant.py" line="95"/>
        <source>{field}: stored “{old}” · typed “{new}”</source>
        <translation>{field}：已儲存「{old}」· 輸入「{new}」</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/known_applicant.py" line="103"/>
        <source>Keep the stored ones</source>
        <translation>保留已儲存的資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/known_applicant.py" line="105"/>
        <source>Keep the stored ones (this application is lodged as typed; the record is unchanged)</source>
        <translation>保留已儲存的資料（此申請按輸入內容遞交；申請人紀錄不變）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/known_applicant.py" line="107"/>
        <source>Use the new ones</source>
        <translation>採用新資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/known_applicant.py" line="108"/>
        <source>Use the new ones (the applicant&apos;s record is updated; audited)</source>
        <translation>採用新資料（更新申請人紀錄，並記入審計紀錄）</translation>
    </message>
</context>
<context>
    <name>LockBanner</name>
    <message>
        <location filename="../../assessor_app/ui/case/lock_banner.py" line="59"/>
        <source>Exported in batch {batch} — correction open: changes are recorded and the case goes out again in the next batch.</source>
        <translation>已於第 {batch} 批匯出 — 更正進行中：所作更改均會記錄，個案會隨下一批再次匯出。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/lock_banner.py" line="68"/>
        <source>Exported in batch {batch} — locked. It can only change through a recorded correction.</source>
        <translation>已於第 {batch} 批匯出 — 已鎖定。只可透過有記錄的更正作出修改。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/lock_banner.py" line="71"/>
        <source>Open correction…</source>
        <translation>開立更正…</translation>
    </message>
</context>
<context>
    <name>LodgedPanel</name>
    <message>
        <location filename="../../assessor_app/ui/intake/lodged_panel.py" line="81"/>
        <source>Fee: HK${fee:,}</source>
        <translation>費用：HK${fee:,}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/lodged_panel.py" line="83"/>
        <source>Hand the applicant the slip.</source>
        <translation>請把收條交給申請人。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/lodged_panel.py" line="89"/>
        <source>Application lodged. Reference number:</source>
        <translation>申請已遞交。申請編號：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/lodged_panel.py" line="90"/>
        <source>Print slip (Ctrl+P)</source>
        <translation>列印收條（Ctrl+P）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/lodged_panel.py" line="91"/>
        <source>Save slip as PDF… (Ctrl+Shift+S)</source>
        <translation>將收條儲存為 PDF…（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/lodged_panel.py" line="92"/>
        <source>Next applicant (Ctrl+N)</source>
        <translation>下一位申請人（Ctrl+N）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="480"/>
        <source>Intake</source>
        <translation>接見登記</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="481"/>
        <source>Cases</source>
        <translation>個案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="482"/>
        <source>Batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="483"/>
        <source>Catalogue</source>
        <translation>資歷目錄</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="484"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="490"/>
        <source>Ctrl+{number}</source>
        <translation>Ctrl+{number}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="492"/>
        <source>Opening the case database…</source>
        <translation>正在開啟個案資料庫…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="493"/>
        <source>Switch language</source>
        <translation>切換語言</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="494"/>
        <location filename="../../assessor_app/ui/main_window.py" line="584"/>
        <source>About</source>
        <translation>關於</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="495"/>
        <source>Switch user</source>
        <translation>切換用戶</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="496"/>
        <source>Lock</source>
        <translation>鎖定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="497"/>
        <source>Lock the workstation: personal data is hidden (Ctrl+L)</source>
        <translation>鎖定工作站：隱藏所有個人資料（Ctrl+L）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="498"/>
        <source>Locked: personal data is hidden</source>
        <translation>已鎖定：個人資料已隱藏</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="499"/>
        <source>Filling the demo database…</source>
        <translation>正在建立示範資料…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="509"/>
        <source>RPL Assessor Workstation</source>
        <translation>過往資歷認可評審工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="511"/>
        <source>Locked</source>
        <translation>已鎖定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="516"/>
        <source>Database: {path}</source>
        <translation>資料庫：{path}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="525"/>
        <source>User: {user}</source>
        <translation>用戶：{user}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="527"/>
        <source>No user chosen (Ctrl+U)</source>
        <translation>未選擇用戶（Ctrl+U）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="531"/>
        <source>Station: {code}</source>
        <translation>工作站：{code}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/main_window.py" line="581"/>
        <source>RPL Assessor Workstation
Version {version}

Offline intake, evidence, review and batch exchange for Hong Kong RPL assessment agencies.</source>
        <translation>過往資歷認可評審工作站
版本 {version}

為香港過往資歷認可評估機構而設的離線工具：接見登記、證明文件、審核及批次交換。</translation>
    </message>
</context>
<context>
    <name>MergeConflict</name>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="61"/>
        <source>this laptop&apos;s version kept</source>
        <translation>保留此電腦的版本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="63"/>
        <source>the other laptop&apos;s version taken</source>
        <translation>採用另一部電腦的版本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="65"/>
        <source>closed by a later merge</source>
        <translation>已由其後的合併了結</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/conflicts.py" line="67"/>
        <source>open</source>
        <translation>待處理</translation>
    </message>
</context>
<context>
    <name>MergeReportDialog</name>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="193"/>
        <source>Merge report: {file}</source>
        <translation>合併報告：{file}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="194"/>
        <source> Signed by station {station} (key {fingerprint}) at {when} (Hong Kong time).</source>
        <translation> 由工作站 {station} 簽署（金鑰 {fingerprint}），時間 {when}（香港時間）。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="197"/>
        <source>{file}: {added} case(s) added, {unchanged} already identical, {conflicts} conflict(s) for a person to resolve, {replaced} merged case(s) updated by the merge rule, {duplicates} possible duplicate applicant(s). Nothing created or changed on this laptop was overwritten.</source>
        <translation>{file}：新增 {added} 個個案，{unchanged} 個已相同，{conflicts} 個衝突須由人手處理，{replaced} 個合併而來的個案按合併規則更新，{duplicates} 個可能重複的申請人。在此電腦建立或更改的資料一概沒有被覆寫。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="229"/>
        <source>Added ({count})</source>
        <translation>已新增（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="232"/>
        <source>Already identical, nothing done ({count})</source>
        <translation>已相同，毋須處理（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="235"/>
        <source>Conflicts to resolve ({count})</source>
        <translation>待處理的衝突（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="238"/>
        <source>Conflict #{number}: {case}</source>
        <translation>衝突 #{number}：{case}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="240"/>
        <source>{conflict} (already decided: {decision})</source>
        <translation>{conflict}（已有決定：{decision}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="247"/>
        <source>Merged cases updated by the merge rule ({count})</source>
        <translation>按合併規則更新的合併個案（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="251"/>
        <source>{case}: the applicant&apos;s particulars</source>
        <translation>{case}：申請人資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="253"/>
        <source>{case}: the case&apos;s content</source>
        <translation>{case}：個案內容</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="256"/>
        <source>{replacement}; the copy it held is kept as conflict #{number}</source>
        <translation>{replacement}；原有副本保留為衝突 #{number}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="260"/>
        <source>Possible duplicate applicants ({count})</source>
        <translation>可能重複的申請人（{count}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="264"/>
        <source>Applicant {applicant} and applicant {other} share the HKID {hkid} and the date of birth.</source>
        <translation>申請人 {applicant} 與申請人 {other} 的身份證號碼（{hkid}）及出生日期相同。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="268"/>
        <source>Applicant {applicant} and applicant {other} share the HKID {hkid}; their dates of birth differ.</source>
        <translation>申請人 {applicant} 與申請人 {other} 的身份證號碼（{hkid}）相同，但出生日期不同。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="290"/>
        <source>%n case(s) differ from this laptop&apos;s version and wait for a supervisor&apos;s decision: Resolve conflicts lists them (also later, from Merge conflicts on the Batches page).</source>
        <translation>
            <numerusform>有 %n 個個案與此電腦的版本不同，待主管決定：按「處理衝突」可列出這些個案（之後亦可在「批次」頁按「合併衝突」查看）。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="296"/>
        <source>Resolve conflicts…</source>
        <translation>處理衝突…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="299"/>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>MonthSpan</name>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="103"/>
        <source>{years} y {months} m</source>
        <translation>{years} 年 {months} 個月</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="107"/>
        <source>{years} y</source>
        <translation>{years} 年</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="108"/>
        <source>{months} m</source>
        <translation>{months} 個月</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="114"/>
        <source>{total} in the industry (needs {need_total}), {relevant} relevant (needs {need_relevant})</source>
        <translation>行業經驗 {total}（須 {need_total}），相關經驗 {relevant}（須 {need_relevant}）</translation>
    </message>
</context>
<context>
    <name>NewEventDialog</name>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="103"/>
        <source>New promotion day</source>
        <translation>新增推廣日</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="113"/>
        <source>YYYY-MM-DD or DD/MM/YYYY</source>
        <translation>YYYY-MM-DD 或 DD/MM/YYYY</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="121"/>
        <source>Name *</source>
        <translation>名稱 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="122"/>
        <source>Host organisation</source>
        <translation>主辦機構</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="123"/>
        <source>Venue</source>
        <translation>地點</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="124"/>
        <source>Date *</source>
        <translation>日期 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="125"/>
        <source>Assessment agency *</source>
        <translation>評估機構 *</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="132"/>
        <source>Not a date: type YYYY-MM-DD or DD/MM/YYYY.</source>
        <translation>日期無效：請輸入 YYYY-MM-DD 或 DD/MM/YYYY。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="134"/>
        <source>Type the date of the promotion day.</source>
        <translation>請輸入推廣日的日期。</translation>
    </message>
</context>
<context>
    <name>NewUserDialog</name>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="77"/>
        <source>New user</source>
        <translation>新增用戶</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="81"/>
        <source>e.g. amywong (lower-case letters and digits)</source>
        <translation>例如 amywong（小寫英文字母及數字）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="85"/>
        <source>as printed on letters and reports</source>
        <translation>會印在信件及報告上</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="97"/>
        <source>at least 8 characters</source>
        <translation>最少 8 個字元</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="101"/>
        <source>Username</source>
        <translation>用戶名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="102"/>
        <source>Display name</source>
        <translation>顯示名稱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="103"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="105"/>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="106"/>
        <source>Password again</source>
        <translation>再次輸入密碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="121"/>
        <source>The two passwords differ.</source>
        <translation>兩次輸入的密碼不同。</translation>
    </message>
</context>
<context>
    <name>OpenPdfButton</name>
    <message>
        <location filename="../../assessor_app/ui/pdf_output.py" line="58"/>
        <source>No program here opens PDF files. The PDF is saved at {path}.</source>
        <translation>此電腦沒有可開啟 PDF 檔案的程式。PDF 已儲存於 {path}。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pdf_output.py" line="69"/>
        <source>Open the PDF</source>
        <translation>開啟 PDF</translation>
    </message>
</context>
<context>
    <name>ParticularsButton</name>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="160"/>
        <source>Update particulars…</source>
        <translation>更新個人資料…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="162"/>
        <source>Change the person&apos;s current particulars (this case keeps those it was lodged with)</source>
        <translation>更改此人現時的個人資料（此個案保留遞交時的資料）</translation>
    </message>
</context>
<context>
    <name>ParticularsDialog</name>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="113"/>
        <source>Update the applicant&apos;s particulars</source>
        <translation>更新申請人的個人資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="117"/>
        <source>Particular</source>
        <translation>資料項目</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="118"/>
        <source>On this case (as lodged)</source>
        <translation>此個案（遞交時）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="119"/>
        <source>Stored now</source>
        <translation>現存記錄</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="120"/>
        <source>New</source>
        <translation>新資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="127"/>
        <source>This changes the person&apos;s current record, audited field by field. This case and every other case keep the particulars they were lodged with.</source>
        <translation>此操作會更改此人的現存記錄，每項更改均記入審計紀錄。此個案及所有其他個案均保留遞交時的個人資料。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/particulars_dialog.py" line="131"/>
        <source>&amp;Reason (required):</source>
        <translation>原因（必須填寫）(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>PeriodButtons</name>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="184"/>
        <source>The case has no period of experience.</source>
        <translation>此個案沒有任何經驗期間。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="186"/>
        <source>Correct a period&apos;s dates, industry, relevance, weight or overseas decision</source>
        <translation>更正期間的日期、行業、相關性、比重或香港以外工作的決定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="187"/>
        <source>Add a period the applicant left off the form</source>
        <translation>加入申請人在表格上遺漏的期間</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="188"/>
        <source>Remove a period, with the reason</source>
        <translation>刪除期間，並註明原因</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="201"/>
        <source>Correct a period…</source>
        <translation>更正經驗期間…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="202"/>
        <source>Add a period…</source>
        <translation>新增經驗期間…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="203"/>
        <source>Remove a period…</source>
        <translation>刪除經驗期間…</translation>
    </message>
</context>
<context>
    <name>PeriodCorrectionDialog</name>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="239"/>
        <source>ongoing</source>
        <translation>至今</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="244"/>
        <source>in the industry only</source>
        <translation>只屬行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="252"/>
        <source>now: {value}</source>
        <translation>現為：{value}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="337"/>
        <source>Add a period of experience</source>
        <translation>新增經驗期間</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="339"/>
        <source>Correct a period of experience</source>
        <translation>更正經驗期間</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="342"/>
        <source>E&amp;mployer:</source>
        <translation>僱主(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="343"/>
        <source>P&amp;ost:</source>
        <translation>職位(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="344"/>
        <source>&amp;Period:</source>
        <translation>期間(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="345"/>
        <source>&amp;Start:</source>
        <translation>開始(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="346"/>
        <source>&amp;End:</source>
        <translation>結束(&amp;E)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="347"/>
        <source>&amp;Industry:</source>
        <translation>行業(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="348"/>
        <source>Relevant to:</source>
        <translation>相關於：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="349"/>
        <source>&amp;Type:</source>
        <translation>類別(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="350"/>
        <source>&amp;Hours a week:</source>
        <translation>每週時數(&amp;H)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="351"/>
        <source>Part-time &amp;weight:</source>
        <translation>兼職比重(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="352"/>
        <source>Work outside Hong &amp;Kong:</source>
        <translation>香港以外的工作(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="353"/>
        <source>K&amp;ind:</source>
        <translation>種類(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="354"/>
        <source>Place of work:</source>
        <translation>工作地點：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="355"/>
        <source>&amp;Reason (required):</source>
        <translation>原因（必須填寫）(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="378"/>
        <source>YYYY-MM-DD</source>
        <translation>年年年年-月月-日日</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="379"/>
        <source>ongoing (to the application date)</source>
        <translation>至今（計至申請日期）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="380"/>
        <source>o&amp;utside Hong Kong</source>
        <translation>香港以外(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="381"/>
        <source>other industry (not counted)</source>
        <translation>其他行業（不計算）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="382"/>
        <source>full-time</source>
        <translation>全職</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="382"/>
        <source>part-time</source>
        <translation>兼職</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="382"/>
        <source>self-employed</source>
        <translation>自僱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="384"/>
        <source>in full (not confirmed)</source>
        <translation>全數（未確認）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="385"/>
        <source>not decided</source>
        <translation>未決定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="385"/>
        <source>accepted</source>
        <translation>接納</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="385"/>
        <source>not accepted</source>
        <translation>不接納</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="387"/>
        <source>employment</source>
        <translation>受僱</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="387"/>
        <source>caring or volunteering</source>
        <translation>照顧或義務工作</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_dialog.py" line="389"/>
        <source>Why, e.g. the employer&apos;s letter shows tally work</source>
        <translation>原因，例如僱主信件顯示為理貨工作</translation>
    </message>
</context>
<context>
    <name>PicsBox</name>
    <message>
        <location filename="../../assessor_app/ui/intake/pics_box.py" line="65"/>
        <source>Personal Information Collection Statement</source>
        <translation>收集個人資料聲明</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/pics_box.py" line="67"/>
        <source>What the data is for, who receives it, and the right to see and correct it (Cap. 486).</source>
        <translation>資料的用途、轉交對象，以及查閱及更正資料的權利（第 486 章）。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/pics_box.py" line="72"/>
        <source>Read the statement…</source>
        <translation>閱讀聲明全文…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/pics_box.py" line="73"/>
        <source>The applicant has read and acknowledges it *</source>
        <translation>申請人已閱讀並確認聲明 *</translation>
    </message>
</context>
<context>
    <name>PreviewTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="126"/>
        <source>Change</source>
        <translation>改動</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="127"/>
        <source>File row</source>
        <translation>檔案行號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="128"/>
        <source>Industry</source>
        <translation>行業</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="129"/>
        <source>Qualification</source>
        <translation>資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="130"/>
        <source>Level</source>
        <translation>級別</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="131"/>
        <source>QR number</source>
        <translation>資歷名冊登記號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="132"/>
        <source>Field</source>
        <translation>欄位</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="133"/>
        <source>Now</source>
        <translation>現時</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="134"/>
        <source>After import</source>
        <translation>匯入後</translation>
    </message>
</context>
<context>
    <name>ProblemsTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="153"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/catalogue/import_dialog.py" line="153"/>
        <source>Column</source>
        <translation>欄位</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../assessor_app/ui/i18n.py" line="28"/>
        <source>&amp;Look in:</source>
        <translation>尋找於(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/i18n.py" line="29"/>
        <source>Files of &amp;type:</source>
        <translation>檔案類型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QualificationPicker</name>
    <message>
        <location filename="../../assessor_app/ui/intake/qualification_picker.py" line="144"/>
        <source>Type Chinese or English, a QR number… (Ctrl+F)</source>
        <translation>輸入中文或英文名稱、資歷名冊登記號碼…（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualification_picker.py" line="147"/>
        <source>The catalogue on this laptop has no qualifications of this event&apos;s agency. Import the agency&apos;s own list on the Catalogue page first.</source>
        <translation>此電腦的資歷目錄沒有這個推廣活動的評估機構的資歷。請先在「資歷目錄」頁匯入評估機構的資歷清單。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualification_picker.py" line="151"/>
        <source>Import the agency&apos;s list…</source>
        <translation>匯入評估機構的資歷清單…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/qualification_picker.py" line="190"/>
        <source>No qualification matches.</source>
        <translation>沒有相符的資歷。</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_panel.py" line="81"/>
        <source>Lodged at this event: {lodged} · Drafts open (all events): {drafts}</source>
        <translation>在此活動遞交：{lodged} · 未完成草稿（所有活動）：{drafts}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_panel.py" line="88"/>
        <source>Applications at this event</source>
        <translation>此活動的申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_panel.py" line="89"/>
        <source>Resume draft…</source>
        <translation>繼續填寫草稿…</translation>
    </message>
</context>
<context>
    <name>QueueTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_model.py" line="40"/>
        <source>Reference</source>
        <translation>申請編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_model.py" line="41"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_model.py" line="42"/>
        <source>HKID</source>
        <translation>身份證號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_model.py" line="43"/>
        <source>Quals</source>
        <translation>資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/queue_model.py" line="44"/>
        <source>Time</source>
        <translation>時間</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="214"/>
        <source>Fee reimbursement claimed</source>
        <translation>已申請發還費用</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="218"/>
        <source>{reference} · {name} · {title}
Claim by {deadline}</source>
        <translation>{reference} · {name} · {title}
申請限期：{deadline}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="231"/>
        <source>only when replacing a number already recorded</source>
        <translation>只在更改已記錄的號碼時填寫</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="234"/>
        <source>Receipt number</source>
        <translation>收據號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="235"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>Recommendation</name>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="74"/>
        <source>Pass</source>
        <translation>通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="75"/>
        <source>Fail</source>
        <translation>不通過</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="102"/>
        <source>Unfinished applications</source>
        <translation>未完成的申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="108"/>
        <source>These applications were being typed when the program last stopped. Nothing typed was lost: restore one to carry on, or discard one that is not needed.</source>
        <translation>程式上次停止時，以下申請仍在輸入中。已輸入的資料沒有遺失：可還原繼續填寫，或捨棄不再需要的申請。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="122"/>
        <source>Restore</source>
        <translation>還原</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="125"/>
        <source>Discard…</source>
        <translation>捨棄…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="127"/>
        <source>Later</source>
        <translation>稍後</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="161"/>
        <source>(no name typed yet)</source>
        <translation>（尚未輸入姓名）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/recovery.py" line="163"/>
        <source>Discard the unfinished application of {name}?</source>
        <translation>要捨棄 {name} 未完成的申請嗎？</translation>
    </message>
</context>
<context>
    <name>ReimbursementPanel</name>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="106"/>
        <source>Fee reimbursement coming due</source>
        <translation>即將到期的發還費用申請</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="107"/>
        <source>Record claim…</source>
        <translation>記錄申請…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="137"/>
        <source>No passed qualification has a reimbursement claim due in the next {days} days.</source>
        <translation>未來 {days} 日內沒有已通過資歷的發還費用申請到期。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="141"/>
        <source>Claims within two years of the Statement of Attainment: {due} due in the next {days} days, {late} overdue.</source>
        <translation>須於資歷證明書發出後兩年內申請：未來 {days} 日內到期 {due} 項，已逾期 {late} 項。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="156"/>
        <source>Choose who is working first (Ctrl+U).</source>
        <translation>請先選擇用戶（Ctrl+U）。</translation>
    </message>
</context>
<context>
    <name>ReimbursementTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="58"/>
        <source>Reference</source>
        <translation>申請編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="59"/>
        <source>Applicant</source>
        <translation>申請人</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="60"/>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="61"/>
        <source>Qualification</source>
        <translation>資歷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="62"/>
        <source>SoA date</source>
        <translation>資歷證明書日期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="63"/>
        <source>Claim by</source>
        <translation>申請限期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/reimbursement_panel.py" line="64"/>
        <source>Time left</source>
        <translation>剩餘時間</translation>
    </message>
</context>
<context>
    <name>RemovePeriodDialog</name>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="88"/>
        <source>This removes “{period}” and its relevance to the qualifications, and the eligibility is decided again without it. Its checklist lines and their files stay, no longer tied to a period. The audit trail keeps what it was.</source>
        <translation>此操作會刪除「{period}」及其與各資歷的相關性，並在不計此期間下重新判定資格。其清單項目及檔案會保留，但不再連繫任何期間。審計記錄會保存其原有內容。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="122"/>
        <source>Remove a period of experience</source>
        <translation>刪除經驗期間</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="123"/>
        <source>&amp;Period:</source>
        <translation>期間(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="124"/>
        <source>&amp;Reason (required):</source>
        <translation>原因（必須填寫）(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="125"/>
        <source>Why, e.g. entered twice</source>
        <translation>原因，例如重複輸入</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/period_actions.py" line="126"/>
        <source>Remove the period</source>
        <translation>刪除此期間</translation>
    </message>
</context>
<context>
    <name>RequestDocumentsDialog</name>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="114"/>
        <source>Request documents</source>
        <translation>要求補交文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="117"/>
        <source>Documents still missing on the checklist:</source>
        <translation>證明文件清單上尚欠的文件：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="131"/>
        <source>{document} (rejected: {reason})</source>
        <translation>{document}（不獲接納：{reason}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="138"/>
        <source>Nothing on the checklist is missing: list what you need below.</source>
        <translation>清單上沒有尚欠的文件：請在下面列出所需文件。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="143"/>
        <source>One document per line, e.g. Payslips for 2023</source>
        <translation>每行一項文件，例如 2023 年糧單</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="152"/>
        <source>Record the request</source>
        <translation>記錄要求</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="154"/>
        <source>Other documents</source>
        <translation>其他文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_dialogs.py" line="155"/>
        <source>Please send by</source>
        <translation>交回限期</translation>
    </message>
</context>
<context>
    <name>RequestsBox</name>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="65"/>
        <source>No documents have been requested.</source>
        <translation>未有要求補交文件。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="67"/>
        <source>{open} outstanding, {late} overdue.</source>
        <translation>{open} 項尚待回覆，{late} 項已逾期。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="71"/>
        <source>{open} outstanding, none overdue.</source>
        <translation>{open} 項尚待回覆，沒有逾期。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="73"/>
        <source>Every request has been answered.</source>
        <translation>所有要求均已收妥。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="93"/>
        <source>Requests for documents</source>
        <translation>補交文件要求</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="94"/>
        <source>Request documents…</source>
        <translation>要求補交文件…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="95"/>
        <source>Documents arrived</source>
        <translation>已收妥文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="96"/>
        <source>Save letter as PDF…</source>
        <translation>把通知信另存為 PDF…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/requests_box.py" line="97"/>
        <source>Print letter…</source>
        <translation>列印通知信…</translation>
    </message>
</context>
<context>
    <name>RequestsTableModel</name>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="39"/>
        <source>Received {date}</source>
        <translation>已於 {date} 收妥</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="82"/>
        <source>Ref.</source>
        <translation>編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="82"/>
        <source>Requested</source>
        <translation>要求日期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="82"/>
        <source>Documents</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="82"/>
        <source>Due</source>
        <translation>限期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="82"/>
        <source>State</source>
        <translation>狀況</translation>
    </message>
</context>
<context>
    <name>ResultChange</name>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="60"/>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="61"/>
        <source>SoA number</source>
        <translation>資歷證明書編號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="62"/>
        <source>SoA date</source>
        <translation>資歷證明書日期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="63"/>
        <source>Secretariat&apos;s remarks</source>
        <translation>秘書處備註</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="64"/>
        <source>Case status</source>
        <translation>個案狀態</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="76"/>
        <source>Passed</source>
        <translation>通過</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/models.py" line="77"/>
        <source>Failed</source>
        <translation>不通過</translation>
    </message>
</context>
<context>
    <name>ResultsPreviewDialog</name>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="89"/>
        <source>Import results: {file}</source>
        <translation>匯入結果：{file}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="92"/>
        <source>Returned workbook of batch {batch} ({file}), exported {when} by {user}: %n case(s).</source>
        <translation>
            <numerusform>第 {batch} 批的退回工作簿（{file}），由 {user} 於 {when} 匯出：%n 個個案。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="99"/>
        <source>{file}: {read} result row(s) read, {pending} without a result yet. {changes} change(s) to {cases} case(s), {statuses} case status change(s):</source>
        <translation>{file}：讀取 {read} 行結果，{pending} 行尚未有結果。{cases} 個個案共 {changes} 項更改，{statuses} 個個案狀態更改：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="112"/>
        <source>Apply records every change above in one step, or none if anything is wrong. A result already recorded is never overwritten.</source>
        <translation>「套用」會一次過記錄以上所有更改；如有任何問題，則一項也不會記錄。已記錄的結果一概不會被覆寫。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="116"/>
        <source>Only a supervisor or an administrator may apply returned results.</source>
        <translation>只有主管或系統管理員可以套用退回的結果。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="119"/>
        <source>Apply all changes</source>
        <translation>套用所有更改</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="120"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RetentionBox</name>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="65"/>
        <source>How long personal data is kept</source>
        <translation>個人資料保留期限</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="67"/>
        <source>Closed cases, years after their last change:</source>
        <translation>已結案個案，最後更改後保留（年）：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="68"/>
        <source>HKID copies, days after the number is verified:</source>
        <translation>身份證副本，號碼核實後保留（日）：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="69"/>
        <source>Form drafts never lodged, days:</source>
        <translation>未遞交的申請表草稿，保留（日）：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="73"/>
        <source>Save the periods</source>
        <translation>儲存保留期限</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="74"/>
        <source>Purge now…</source>
        <translation>立即清除…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="77"/>
        <source>Erase verified HKID copies and delete closed cases and drafts past these periods (audited)</source>
        <translation>刪除已核實的身份證副本，以及超過保留期限的已結案個案和草稿（會記錄於審計紀錄）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="97"/>
        <source>Only an administrator may change the periods or purge.</source>
        <translation>只有系統管理員可以更改保留期限或清除資料。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="135"/>
        <source>Nothing is past its retention period.</source>
        <translation>沒有超過保留期限的資料。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="140"/>
        <source>Remove {copies} HKID copies, {cases} cases and {drafts} form drafts for good? Each removal is recorded in the audit trail; the data cannot be brought back.</source>
        <translation>永久刪除 {copies} 份身份證副本、{cases} 個個案及 {drafts} 份申請表草稿？每項刪除都會記錄於審計紀錄；資料刪除後無法復原。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/retention.py" line="154"/>
        <source>Removed {copies} HKID copies, {cases} cases and {drafts} form drafts; {entries} older audit entries about them lost their values (who did what, and when, is kept).</source>
        <translation>已刪除 {copies} 份身份證副本、{cases} 個個案及 {drafts} 份申請表草稿；另有 {entries} 項與其有關的較早審計紀錄已清除內容（由誰、何時做了甚麼仍然保留）。</translation>
    </message>
</context>
<context>
    <name>ReviewHistory</name>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="103"/>
        <source>Appropriateness</source>
        <translation>適切性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="104"/>
        <source>Validity</source>
        <translation>有效性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="105"/>
        <source>Currency</source>
        <translation>時效性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="106"/>
        <source>Sufficiency</source>
        <translation>充足性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="107"/>
        <source>Authenticity</source>
        <translation>真確性</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="108"/>
        <source>Notes</source>
        <translation>備註</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="109"/>
        <source>Recommendation</source>
        <translation>建議</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="110"/>
        <source>Reasons</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="111"/>
        <source>Recommended by</source>
        <translation>建議人</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="112"/>
        <source>Recommended at</source>
        <translation>建議時間</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="113"/>
        <source>Signed off by</source>
        <translation>簽批人</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="114"/>
        <source>Signed off at</source>
        <translation>簽批時間</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="115"/>
        <source>Fee reimbursement receipt no.</source>
        <translation>發還費用收據號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="128"/>
        <source>{qualification}: sign-off cleared</source>
        <translation>{qualification}：簽批已撤銷</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="135"/>
        <source>Documents received ({request})</source>
        <translation>已收妥補交文件（{request}）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="138"/>
        <source>Request for documents {request}</source>
        <translation>補交文件要求 {request}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="142"/>
        <source>Case state</source>
        <translation>個案狀態</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="143"/>
        <source>Case state (lodged)</source>
        <translation>個案狀態（遞交）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="144"/>
        <source>Correction opened</source>
        <translation>已開立更正</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="147"/>
        <source>Correction closed</source>
        <translation>更正已完成</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="150"/>
        <source>Exported in batch (locked)</source>
        <translation>已隨批次匯出（已鎖定）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="153"/>
        <source>HKID seen in full</source>
        <translation>已查看完整身份證號碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="154"/>
        <source>File attached</source>
        <translation>已附加檔案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="155"/>
        <source>File linked to a checklist line</source>
        <translation>檔案已連結至清單項目</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="158"/>
        <source>HKID copy erased</source>
        <translation>已刪除身份證副本</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="185"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="187"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_models.py" line="198"/>
        <source>{old} → (cleared)</source>
        <translation>{old} → （已清除）</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="247"/>
        <source>Choose who is working (Ctrl+U) to record a review.</source>
        <translation>請先選擇用戶（Ctrl+U），才可記錄評審。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="251"/>
        <source>Recommended: a supervisor who did not write the assessment signs it off.</source>
        <translation>已提出建議：須由沒有參與撰寫評審的主管簽批。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="252"/>
        <source>Recommended: waiting for a supervisor to sign it off.</source>
        <translation>已提出建議：等候主管簽批。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="272"/>
        <source>Unsaved changes</source>
        <translation>有未儲存的更改</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="284"/>
        <source>Write all five judgements first.</source>
        <translation>請先填寫全部五項判斷。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="335"/>
        <source>Save the changes to the judgements of “{title}” first?</source>
        <translation>要先儲存「{title}」評審判斷的更改嗎？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="391"/>
        <source>Move the case to “{state}”</source>
        <translation>把個案轉為「{state}」</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="392"/>
        <source>Why is the case moved to “{state}”? The reason is kept in the case history.</source>
        <translation>為何把個案轉為「{state}」？原因會保存在個案記錄中。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="408"/>
        <source>Change a signed-off assessment</source>
        <translation>更改已簽批的評審</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="409"/>
        <source>“{title}” was signed off. Why does it change? It will need signing off again.</source>
        <translation>「{title}」已經簽批。為何要更改？更改後須重新簽批。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="474"/>
        <source>Sign off this recommendation?

Case: {case}
Qualification: {title} (QF Level {level})
Recommendation: {result}, by {name}
Reasons: {reasons}

Once signed off, the case can be exported; changing it afterwards needs a correction.</source>
        <translation>簽批此建議？

個案：{case}
資歷：{title}（資歷級別 {level}）
建議：{result}，由 {name} 提出
理由：{reasons}

簽批後個案即可匯出；其後如需更改，須開立更正。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="496"/>
        <source>Open a correction</source>
        <translation>開立更正</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="498"/>
        <source>The case left this laptop in an export batch. Why must it change? The reason is kept in the case history and the case goes out again in the next batch.</source>
        <translation>此個案已隨批次匯出。為何必須更改？原因會保存在個案記錄中，個案會隨下一批再次匯出。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="528"/>
        <source>Record that the documents asked for in R{number} have arrived?</source>
        <translation>記錄已收妥 R{number} 要求補交的文件嗎？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="555"/>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="561"/>
        <source>Save the letter as PDF</source>
        <translation>把通知信另存為 PDF</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="561"/>
        <source>Print the letter</source>
        <translation>列印通知信</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="579"/>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="586"/>
        <source>Save the assessment report as PDF</source>
        <translation>把評審報告另存為 PDF</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="587"/>
        <source>Print the assessment report</source>
        <translation>列印評審報告</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="130"/>
        <source>No printer here: save it as a PDF instead.</source>
        <translation>此電腦沒有打印機：請改為另存為 PDF。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="126"/>
        <source>Preparing the PDF…</source>
        <translation>正在製作 PDF…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="132"/>
        <source>Sent to the printer.</source>
        <translation>已送往打印機。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="293"/>
        <source>There is no recommendation waiting for a sign-off.</source>
        <translation>沒有等待簽批的建議。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="591"/>
        <source>Saved: {path}</source>
        <translation>已儲存：{path}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="609"/>
        <source>Save report as PDF…</source>
        <translation>把報告另存為 PDF…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/review_panel.py" line="610"/>
        <source>Print report…</source>
        <translation>列印報告…</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="50"/>
        <source>Intake clerk</source>
        <translation>登記職員</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="51"/>
        <source>Assessor</source>
        <translation>評審員</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="52"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="53"/>
        <source>Administrator</source>
        <translation>系統管理員</translation>
    </message>
</context>
<context>
    <name>Route</name>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="43"/>
        <source>Not decided yet</source>
        <translation>尚未決定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="94"/>
        <source>Document review</source>
        <translation>文件審核</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/labels.py" line="95"/>
        <source>Assessment</source>
        <translation>評核</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="123"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="124"/>
        <source>Who is working</source>
        <translation>現正使用的人員</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="125"/>
        <source>Switch user… (Ctrl+U)</source>
        <translation>切換用戶…（Ctrl+U）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="126"/>
        <source>Lock after minutes without input:</source>
        <translation>閒置多少分鐘後鎖定：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="127"/>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="128"/>
        <source>Interface language</source>
        <translation>介面語言</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="129"/>
        <source>Data</source>
        <translation>資料</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="130"/>
        <source>Data folder</source>
        <translation>資料夾</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="131"/>
        <source>Case database</source>
        <translation>個案資料庫</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="132"/>
        <source>Open folder</source>
        <translation>開啟資料夾</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="134"/>
        <source>RPL Assessor Workstation, version {version}</source>
        <translation>過往資歷認可評審工作站，版本 {version}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/pages/settings_page.py" line="146"/>
        <source>Nobody chosen yet</source>
        <translation>尚未選擇用戶</translation>
    </message>
</context>
<context>
    <name>SidePanelToggle</name>
    <message>
        <location filename="../../assessor_app/ui/intake/side_panel.py" line="85"/>
        <source>Hide applications ▸ (Ctrl+Shift+O)</source>
        <translation>隱藏申請列表 ▸（Ctrl+Shift+O）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/side_panel.py" line="87"/>
        <source>◂ Applications (Ctrl+Shift+O)</source>
        <translation>◂ 申請列表（Ctrl+Shift+O）</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../assessor_app/ui/sign_in.py" line="192"/>
        <location filename="../../assessor_app/ui/sign_in.py" line="198"/>
        <source>Sign in</source>
        <translation>登入</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/sign_in.py" line="193"/>
        <source>Sign in to the RPL Assessor Workstation</source>
        <translation>登入過往資歷認可評審工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/sign_in.py" line="194"/>
        <source>Case database: {name}</source>
        <translation>個案資料庫：{name}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/sign_in.py" line="195"/>
        <source>&amp;User name</source>
        <translation>用戶名稱(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/sign_in.py" line="196"/>
        <source>&amp;Password</source>
        <translation>密碼(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/sign_in.py" line="197"/>
        <source>Demo database: user demo, password demo</source>
        <translation>示範資料庫：用戶 demo，密碼 demo</translation>
    </message>
</context>
<context>
    <name>SlipOutput</name>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_output.py" line="35"/>
        <source>Save the slip as PDF</source>
        <translation>把回條另存為 PDF</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_output.py" line="37"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 檔案 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/slip_output.py" line="56"/>
        <source>Print the acknowledgement slip</source>
        <translation>列印申請確認回條</translation>
    </message>
</context>
<context>
    <name>StateBar</name>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="88"/>
        <source>Case state:</source>
        <translation>個案狀態：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="89"/>
        <source>Move to:</source>
        <translation>轉為：</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/decision_bar.py" line="90"/>
        <source>(no move open to you)</source>
        <translation>（你不能轉移此個案的狀態）</translation>
    </message>
</context>
<context>
    <name>StationDialog</name>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="49"/>
        <source>Station code</source>
        <translation>工作站代號</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/intake/dialogs.py" line="52"/>
        <source>Give this laptop a short code (2 to 8 capital letters or digits, e.g. LT01). It is part of every reference number issued here and cannot be changed later.</source>
        <translation>請為這部電腦設定一個簡短代號（2 至 8 個大寫英文字母或數字，例如 LT01）。此代號會成為這部電腦發出的每個申請編號的一部分，設定後不能更改。</translation>
    </message>
</context>
<context>
    <name>StationKeys</name>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="43"/>
        <source>Station key files (*.json)</source>
        <translation>工作站金鑰檔案 (*.json)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="49"/>
        <source>Open a station&apos;s key file</source>
        <translation>開啟工作站的金鑰檔案</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="58"/>
        <source>Save this station&apos;s key file</source>
        <translation>儲存本工作站的金鑰檔案</translation>
    </message>
</context>
<context>
    <name>StationKeysBox</name>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="118"/>
        <source>Stations whose batches this laptop merges</source>
        <translation>本電腦接受其批次合併的工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="120"/>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="120"/>
        <source>Fingerprint</source>
        <translation>指紋</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="120"/>
        <source>Enrolled by</source>
        <translation>登記人</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="120"/>
        <source>Enrolled at (HKT)</source>
        <translation>登記時間（香港時間）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="124"/>
        <source>No other station is enrolled: its batches are refused until a supervisor enrols its key file.</source>
        <translation>尚未登記其他工作站：在主管登記其金鑰檔案前，其批次一律拒絕合併。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="127"/>
        <source>Save this station&apos;s key to a file…</source>
        <translation>將本工作站的金鑰儲存為檔案…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="128"/>
        <source>Enrol a station from its key file…</source>
        <translation>從金鑰檔案登記工作站…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="129"/>
        <source>Remove the selected station…</source>
        <translation>移除所選工作站…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="144"/>
        <source>This station has no signing key yet: it is made at its first export, or when you save it.</source>
        <translation>本工作站尚未有簽署金鑰：首次匯出或儲存金鑰時會自動產生。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="149"/>
        <source>This station {code}, fingerprint {fingerprint}</source>
        <translation>本工作站 {code}，指紋 {fingerprint}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="169"/>
        <source>Only a supervisor or an administrator may enrol or remove a station.</source>
        <translation>只有主管或系統管理員可以登記或移除工作站。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="195"/>
        <source>Station {code}&apos;s key file is saved to {path}. Its fingerprint is {fingerprint}: read it out to whoever enrols it on the other laptop.</source>
        <translation>工作站 {code} 的金鑰檔案已儲存至 {path}。其指紋為 {fingerprint}：請向在另一部電腦登記的同事讀出。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="218"/>
        <source>Enrol station {code}? Its fingerprint is

{fingerprint}

Compare it aloud with the fingerprint shown on that laptop&apos;s Settings page: enrol it only if they are the same.</source>
        <translation>要登記工作站 {code} 嗎？其指紋為

{fingerprint}

請與該電腦「設定」頁顯示的指紋逐組讀出核對：兩者相同才登記。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/settings/stations.py" line="238"/>
        <source>Remove station {code} (fingerprint {fingerprint})? Its batches will be refused until it is enrolled again.</source>
        <translation>要移除工作站 {code}（指紋 {fingerprint}）嗎？在重新登記前，其批次將被拒絕合併。</translation>
    </message>
</context>
<context>
    <name>StationPage</name>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="243"/>
        <source>This station and the catalogue</source>
        <translation>此工作站及資歷目錄</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="246"/>
        <source>The station code begins every reference number this laptop gives (LT01-20231108-0007) and cannot change once set; it may also be set on the Intake page later.</source>
        <translation>工作站代號是此電腦發出的每個參考編號的開頭（LT01-20231108-0007），設定後不能更改；亦可稍後在「收件」頁設定。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="250"/>
        <source>&amp;Station code</source>
        <translation>工作站代號(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="250"/>
        <source>Catalogue</source>
        <translation>資歷目錄</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="250"/>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="253"/>
        <source>e.g. LT01 (2 to 8 capital letters or digits)</source>
        <translation>例如 LT01（2 至 8 個英文大寫字母或數字）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="254"/>
        <source>&amp;Keep the catalogue shipped with the app</source>
        <translation>保留程式隨附的資歷目錄(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="255"/>
        <source>&amp;Import the agency&apos;s catalogue file (.csv or .xlsx)</source>
        <translation>匯入評估機構的目錄檔案（.csv 或 .xlsx）(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="256"/>
        <source>Bro&amp;wse…</source>
        <translation>瀏覽(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="270"/>
        <source>Choose the catalogue file, or keep the shipped catalogue.</source>
        <translation>請選擇目錄檔案，或保留隨附的目錄。</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="391"/>
        <source>Set up this laptop</source>
        <translation>設定此電腦</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="392"/>
        <source>Nothing is written until Set up. Back changes any page.</source>
        <translation>按「設定」前不會寫入任何資料。可按「上一步」修改任何一頁。</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="274"/>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="326"/>
        <source>Full-time</source>
        <translation>全職</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="275"/>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="326"/>
        <source>Part-time</source>
        <translation>兼職</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="276"/>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="328"/>
        <source>Outside Hong Kong</source>
        <translation>香港以外</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="277"/>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="329"/>
        <source>Proof not yet seen</source>
        <translation>尚未有證明</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="278"/>
        <source>Overlap (counted once)</source>
        <translation>重疊（只計一次）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="279"/>
        <source>Required span</source>
        <translation>規定年期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="280"/>
        <source>Application date</source>
        <translation>申請日期</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="324"/>
        <source>ongoing</source>
        <translation>至今</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="329"/>
        <source>Proof seen</source>
        <translation>已有證明</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="337"/>
        <source>Required span: {start} to {end}</source>
        <translation>規定年期：{start} 至 {end}</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/case/timeline_widget.py" line="373"/>
        <source>No employment periods recorded.</source>
        <translation>未有記錄工作經驗。</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="265"/>
        <source>Locked</source>
        <translation>已鎖定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="266"/>
        <source>The workstation is locked</source>
        <translation>工作站已鎖定</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="269"/>
        <source>Personal data is hidden. {name} ({username}): type your password to carry on where you left off; nothing you typed is lost.</source>
        <translation>個人資料已隱藏。{name}（{username}）：請輸入密碼，從剛才的地方繼續；已輸入的內容不會遺失。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="273"/>
        <source>&amp;User name</source>
        <translation>用戶名稱(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="274"/>
        <source>&amp;Password</source>
        <translation>密碼(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="275"/>
        <source>Unlock</source>
        <translation>解鎖</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="276"/>
        <source>Sign in as someone else…</source>
        <translation>以其他用戶登入…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/lock.py" line="295"/>
        <source>Sign in as another user: {name} is signed out. Their typing on the intake form was saved as a draft; their open dialogs are closed.</source>
        <translation>以其他用戶登入：{name} 已登出。其在申請表上輸入的內容已存為草稿；其開啟的對話框會關閉。</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="312"/>
        <source>More users (optional)</source>
        <translation>其他用戶（可選）</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="313"/>
        <source>Each works in their role. The administrator can add users later too.</source>
        <translation>每位用戶按其角色工作。系統管理員日後亦可新增用戶。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="315"/>
        <source>&amp;User name</source>
        <translation>用戶名稱(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="316"/>
        <source>&amp;Display name</source>
        <translation>顯示名稱(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="317"/>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="318"/>
        <source>&amp;Password</source>
        <translation>密碼(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="319"/>
        <source>Password &amp;again</source>
        <translation>再次輸入密碼(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="328"/>
        <source>at least 8 characters</source>
        <translation>最少 8 個字元</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="329"/>
        <source>Add to the &amp;list</source>
        <translation>加入名單(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="330"/>
        <source>Re&amp;move the selected</source>
        <translation>移除所選(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="353"/>
        <source>Type the user&apos;s name.</source>
        <translation>請輸入用戶名稱。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="355"/>
        <source>The two passwords are not the same.</source>
        <translation>兩次輸入的密碼不相同。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/first_run.py" line="371"/>
        <source>Add the user typed to the list (or clear the user name) before going on.</source>
        <translation>請先把已輸入的用戶加入名單（或清除用戶名稱），才繼續。</translation>
    </message>
</context>
<context>
    <name>WhoIsWorkingDialog</name>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="146"/>
        <source>Who is working?</source>
        <translation>誰正在使用？</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="149"/>
        <source>Choose your name. Everything you record (judgements, recommendations, sign-offs, letters) is kept under it in the case history.</source>
        <translation>請選擇你的名字。你記錄的所有內容（評審判斷、建議、簽批、信件）都會以此名字保存在個案記錄中。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="158"/>
        <source>No users yet: add the first one with “New user…”.</source>
        <translation>尚未有用戶：請按「新增用戶…」加入第一位用戶。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="161"/>
        <source>New user…</source>
        <translation>新增用戶…</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/users.py" line="169"/>
        <source>Not now</source>
        <translation>稍後</translation>
    </message>
</context>
<context>
    <name>WorkbookPasswordDialog</name>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="265"/>
        <source>Encrypted workbook</source>
        <translation>已加密的工作簿</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="268"/>
        <source>{file} is encrypted: it carries personal data. Type the password that was sent to you separately from the file.</source>
        <translation>{file} 已加密，內有個人資料。請輸入與檔案分開送交給你的密碼。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="273"/>
        <source>{problem} Check it and type it again.</source>
        <translation>{problem}請檢查後再輸入一次。</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="277"/>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="278"/>
        <source>Open</source>
        <translation>開啟</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/batches/password.py" line="279"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>_AttemptDialog</name>
    <message>
        <location filename="../../assessor_app/ui/sign_in.py" line="112"/>
        <source>Quit</source>
        <translation>結束</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../../assessor_app/ui/messages.py" line="36"/>
        <source>RPL Assessor Workstation</source>
        <translation>過往資歷認可評審工作站</translation>
    </message>
    <message>
        <location filename="../../assessor_app/ui/messages.py" line="88"/>
        <source>Something went wrong inside the application.</source>
        <translation>程式內部出現問題。</translation>
    </message>
</context>
</TS>
