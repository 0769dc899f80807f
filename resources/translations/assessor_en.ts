<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BatchesPage</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/pages/batches_page.py" line="159"/>
        <source>%n case(s) from another laptop wait for a supervisor&apos;s decision.</source>
        <translation>
            <numerusform>%n case from another laptop waits for a supervisor&apos;s decision.</numerusform>
            <numerusform>%n cases from another laptop wait for a supervisor&apos;s decision.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DuplicatesPanel</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/duplicates.py" line="78"/>
        <source>This HKID already has %n case(s): check before lodging another.</source>
        <translation>
            <numerusform>This HKID already has %n case: check before lodging another.</numerusform>
            <numerusform>This HKID already has %n cases: check before lodging another.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventDashboardPanel</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="252"/>
        <source>%n form(s) with no fee</source>
        <translation>
            <numerusform>%n form with no fee</numerusform>
            <numerusform>%n forms with no fee</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/dashboard/panel.py" line="273"/>
        <source>%n case(s) lodged at this event on another day than the event&apos;s.</source>
        <translation>
            <numerusform>%n case lodged at this event on another day than the event&apos;s.</numerusform>
            <numerusform>%n cases lodged at this event on another day than the event&apos;s.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IntakeAttacher</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/attach_flow.py" line="69"/>
        <source>Attaching %n file(s)…</source>
        <translation>
            <numerusform>Attaching %n file…</numerusform>
            <numerusform>Attaching %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/attach_flow.py" line="100"/>
        <source>%n file(s) not attached: see the message.</source>
        <translation>
            <numerusform>%n file not attached: see the message.</numerusform>
            <numerusform>%n files not attached: see the message.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IntakeAttachmentsBox</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/intake/attachments_box.py" line="99"/>
        <source>%n file(s) attached: lodged with the application.</source>
        <translation>
            <numerusform>%n file attached: lodged with the application.</numerusform>
            <numerusform>%n files attached: lodged with the application.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IntakeFormPage</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/pages/intake_form_page.py" line="446"/>
        <source>Not lodged: %n problem(s) to fix, shown in red.</source>
        <translation>
            <numerusform>Not lodged: %n problem to fix, shown in red.</numerusform>
            <numerusform>Not lodged: %n problems to fix, shown in red.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeReportDialog</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="290"/>
        <source>%n case(s) differ from this laptop&apos;s version and wait for a supervisor&apos;s decision: Resolve conflicts lists them (also later, from Merge conflicts on the Batches page).</source>
        <translation>
            <numerusform>%n case differs from this laptop&apos;s version and waits for a supervisor&apos;s decision: Resolve conflicts lists it (also later, from Merge conflicts on the Batches page).</numerusform>
            <numerusform>%n cases differ from this laptop&apos;s version and wait for a supervisor&apos;s decision: Resolve conflicts lists them (also later, from Merge conflicts on the Batches page).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultsPreviewDialog</name>
    <message numerus="yes">
        <location filename="../../assessor_app/ui/batches/dialogs.py" line="92"/>
        <source>Returned workbook of batch {batch} ({file}), exported {when} by {user}: %n case(s).</source>
        <translation>
            <numerusform>Returned workbook of batch {batch} ({file}), exported {when} by {user}: %n case.</numerusform>
            <numerusform>Returned workbook of batch {batch} ({file}), exported {when} by {user}: %n cases.</numerusform>
        </translation>
    </message>
</context>
</TS>
