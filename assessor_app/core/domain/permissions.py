"""Who may do what: one table of actions and the roles allowed them, the state moves taken from TRANSITIONS.

:data:`PERMISSIONS` is the whole rule for roles; :data:`ACTION_STATES` says in which case states a case
action is open. The services enforce both (through ``acting_user``) and
``services/review/permissions.py`` tells the UI what is open now, and why not.
"""

from __future__ import annotations

from enum import StrEnum

from assessor_app.core.domain.enums import CaseStatus as S
from assessor_app.core.domain.enums import Role as R
from assessor_app.core.domain.workflow import (
    ADMIN,
    ASSESSOR,
    CLERK,
    REVIEWERS,
    SIGN_OFF,
    SUPERVISOR,
    TRANSITIONS,
)


class Action(StrEnum):
    """What a user does to a case or a batch, beyond moving a case from state to state."""

    ASSESS = "assess"  # judgements, notes and recommendations of a qualification
    SIGN_OFF = "sign_off"  # sign off a qualification's recommendation (maker-checker aside)
    REQUEST_DOCUMENTS = "request_documents"
    RECEIVE_DOCUMENTS = "receive_documents"
    OPEN_CORRECTION = "open_correction"
    RESOLVE_CONFLICT = "resolve_conflict"
    EXPORT = "export"
    EXPORT_FULL_HKID = "export_full_hkid"
    EXPORT_UNENCRYPTED = "export_unencrypted"  # a minimised workbook without a password
    MERGE = "merge"  # merge another station's batch into this laptop's cases
    IMPORT_RESULTS = "import_results"  # record the QF Secretariat's results from a returned workbook
    CORRECT_PERIODS = "correct_periods"  # correct, add or remove a lodged case's periods of experience
    ENROL_STATIONS = "enrol_stations"  # enrol or remove another station's key (whose batches merge here)
    VIEW_FULL_HKID = "view_full_hkid"  # see a case's HKID in full (each viewing is audited)
    ACCESS_REQUEST = "access_request"  # give an applicant everything held about them (PDPO s.18)
    PURGE = "purge"  # apply the retention settings: erase verified ID copies, delete expired cases
    ADD_USER = "add_user"  # a new user of this laptop, with a role and a password
    DISABLE_USER = "disable_user"  # the user stays in the history but can no longer sign in
    ENABLE_USER = "enable_user"  # a disabled user signs in again, with a new password
    RESET_PASSWORD = "reset_password"  # a new password for a user (also lifts a lock-out)
    CHANGE_ROLE = "change_role"
    UPDATE_CATALOGUE = "update_catalogue"  # import the agency's catalogue file (add, change, withdraw)
    RECORD_EVIDENCE = "record_evidence"  # attach files, add checklist lines, record what was seen
    ERASE_HKID_COPY = "erase_hkid_copy"  # shred an HKID copy once the number is verified
    RESTORE = "restore"  # replace the case database by a backup
    EDIT_AGENCY = "edit_agency"  # the agency's contacts printed on slips and letters


SUPERVISORS_AND_ADMINISTRATORS = frozenset({SUPERVISOR, ADMIN})

PERMISSIONS: dict[Action, frozenset[R]] = {
    Action.ASSESS: REVIEWERS,
    # Those who sign the case off sign off each qualification first; those who review ask for documents.
    Action.SIGN_OFF: TRANSITIONS[(S.RECOMMENDED_PASS, S.SIGNED_OFF)],
    Action.REQUEST_DOCUMENTS: TRANSITIONS[(S.UNDER_REVIEW, S.DOCUMENTS_REQUESTED)],
    # Clerks too: documents come in at the counter.
    Action.RECEIVE_DOCUMENTS: frozenset({CLERK, ASSESSOR, SUPERVISOR}),
    Action.OPEN_CORRECTION: SUPERVISORS_AND_ADMINISTRATORS,
    Action.RESOLVE_CONFLICT: SUPERVISORS_AND_ADMINISTRATORS,
    # Exporting is what moves signed-off cases on to "exported".
    Action.EXPORT: TRANSITIONS[(S.SIGNED_OFF, S.EXPORTED)],
    Action.EXPORT_FULL_HKID: SUPERVISORS_AND_ADMINISTRATORS,
    # A file anyone can open leaves the agency's control: whoever answers for full numbers answers for it.
    Action.EXPORT_UNENCRYPTED: SUPERVISORS_AND_ADMINISTRATORS,
    # Assessors too: the cases another station captured come to them for review.
    Action.MERGE: frozenset({ASSESSOR, SUPERVISOR, ADMIN}),
    Action.IMPORT_RESULTS: SUPERVISORS_AND_ADMINISTRATORS,
    # Those who weigh the evidence correct what it shows; a clerk lodges what the form says.
    Action.CORRECT_PERIODS: frozenset({ASSESSOR, SUPERVISOR, ADMIN}),
    # Whose batches this laptop trusts is a supervisor's decision, as full-HKID exports are.
    Action.ENROL_STATIONS: SUPERVISORS_AND_ADMINISTRATORS,
    # Those who check the number against the card or a copy; a clerk types it at intake and then sees
    # it masked like everyone else (the PCPD's code on ID numbers: only those who need the number).
    Action.VIEW_FULL_HKID: frozenset({ASSESSOR, SUPERVISOR, ADMIN}),
    # A copy of everything about one person, full HKID included, as a full-HKID export is.
    Action.ACCESS_REQUEST: SUPERVISORS_AND_ADMINISTRATORS,
    # Deleting cases for good is the data's keeper's decision, taken by the settings an administrator sets.
    Action.PURGE: frozenset({ADMIN}),
    # Who may use the laptop is the administrator's alone: a supervisor could otherwise make themselves
    # a second identity and sign their own recommendations off.
    Action.ADD_USER: frozenset({ADMIN}),
    Action.DISABLE_USER: frozenset({ADMIN}),
    Action.ENABLE_USER: frozenset({ADMIN}),
    Action.RESET_PASSWORD: frozenset({ADMIN}),
    Action.CHANGE_ROLE: frozenset({ADMIN}),
    # Anyone signed in: the intake form itself offers the import when an event's agency has no
    # qualifications on this laptop yet, and a clerk runs the promotion day. Who did it is checked.
    Action.UPDATE_CATALOGUE: frozenset(R),
    # Everyone who works a case: the clerk records what came in at the counter, those who weigh the
    # evidence what they saw (as they correct periods). Who did it is checked and recorded.
    Action.RECORD_EVIDENCE: frozenset(R),
    # A duty under the PCPD's code once the number is verified, whoever holds the copy; the purge
    # (an administrator's) erases the ones left.
    Action.ERASE_HKID_COPY: frozenset(R),
    # Replacing every case by an older copy is the data's keeper's decision, as a purge is (a damaged
    # database, whose roles cannot be read, is the exception: core/security/recovery.py).
    Action.RESTORE: frozenset({ADMIN}),
    # What every applicant is told to use to reach the agency: set up once, as the users are.
    Action.EDIT_AGENCY: frozenset({ADMIN}),
}

# The case states in which each case action is open (an action not listed is open in every state).
REVIEW_STATES = frozenset(
    {S.ACKNOWLEDGED, S.DOCUMENTS_REQUESTED, S.UNDER_REVIEW, S.VERIFICATION_SCHEDULED, S.ASSESSMENT_SCHEDULED}
)
SIGN_OFF_STATES = frozenset(source for source, _target in SIGN_OFF)
CLOSED_STATES = frozenset({S.DRAFT, S.WITHDRAWN})  # nothing can be asked of the applicant
ACTION_STATES: dict[Action, frozenset[S]] = {
    Action.ASSESS: REVIEW_STATES,
    Action.SIGN_OFF: SIGN_OFF_STATES,
    Action.REQUEST_DOCUMENTS: frozenset(S) - CLOSED_STATES,
}
# An open correction lets the assessment record change whatever state the exported case is in.
CORRECTION_OPENS = frozenset({Action.ASSESS, Action.SIGN_OFF})


def role_allows(role: R | str | None, action: Action) -> bool:
    """The table lets a user of ``role`` do ``action`` (``None``: nobody chosen, never)."""
    return role is not None and role in PERMISSIONS[action]


def state_allows(action: Action, status: S | str, *, correction_open: bool) -> bool:
    """``action`` is open for a case in ``status`` (an open correction opens the assessment record)."""
    states = ACTION_STATES.get(action)
    return states is None or status in states or (correction_open and action in CORRECTION_OPENS)
