"""The one access policy: ``can(user, action, obj)`` and the decorator routes declare it with.

Every action is a string registered here with a rule. A rule is called with an active user
and an object; ``obj=None`` asks whether the user may use that kind of action at all (the
question a route asks before it has loaded anything). Anonymous and deactivated users pass
only rules registered with ``anonymous=True``.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, request
from flask_login import current_user
from werkzeug.local import LocalProxy

from portal.core.dates import utcnow
from portal.core.loading import get_or_404
from portal.extensions import login_manager

T = TypeVar("T")

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, tuple[Rule, bool]] = {}


def rule(*actions: str, anonymous: bool = False) -> Callable[[Rule], Rule]:
    """Register a rule for one or more actions."""

    def register(check: Rule) -> Rule:
        for action in actions:
            if action in _RULES:
                raise ValueError(f"action {action!r} has a rule already")
            _RULES[action] = (check, anonymous)
        return check

    return register


def actions() -> list[str]:
    """Return every registered action, for tests and documentation."""
    return sorted(_RULES)


def is_active_user(user) -> bool:
    """True for a logged-in user whose account is active."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def can(user, action: str, obj: Any = None) -> bool:
    """Answer whether ``user`` may do ``action`` (to ``obj``); unknown actions are a bug."""
    try:
        check, anonymous = _RULES[action]
    except KeyError:
        raise LookupError(f"no access rule for action {action!r}") from None
    if not anonymous:
        if isinstance(user, LocalProxy):  # current_user: resolve it once, not per attribute
            user = user._get_current_object()
        if not is_active_user(user):
            return False
    return bool(check(user, obj))


def requires(action: str) -> Callable:
    """Route decorator: declare the route's action and refuse users who may not use it."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not can(current_user, action):
                if not is_active_user(current_user):
                    return login_manager.unauthorized()
                abort(403)
            return view(*args, **kwargs)

        guarded.access_action = action
        return guarded

    return decorate


def load(
    model: type[T], object_id: int, action: str | None = None, related: tuple[str, ...] = ()
) -> T:
    """In a view: load ``model`` by id (404), then check ``action`` on it (403); by default the
    action the route declares with ``@requires``. ``related`` names the single-object
    relationships the page shows, loaded in the same query."""
    obj = get_or_404(model, object_id, related)
    require(action or current_app.view_functions[request.endpoint].access_action, obj)
    return obj


def require(action: str, obj: Any) -> None:
    """Inside a view, after loading ``obj``: abort with 403 unless the current user may act."""
    if not can(current_user._get_current_object(), action, obj):
        abort(403)


# --- Role helpers -------------------------------------------------------------------------


def has_role(user, *roles: str) -> bool:
    """True when the user's role is one of ``roles``."""
    return is_active_user(user) and user.role in roles


def is_admin(user) -> bool:
    """True for administrators."""
    return has_role(user, "admin")


def is_coordinator(user) -> bool:
    """True for moderators (the network coordinator) and administrators."""
    return has_role(user, "moderator", "admin")


def same_municipality(user, municipality_id: int | None) -> bool:
    """True when the user belongs to the given municipality."""
    return municipality_id is not None and user.municipality_id == municipality_id


# --- Foundation: network, accounts ----------------------------------------------------------


@rule("public", anonymous=True)
def _public(user, obj) -> bool:
    """Anyone, logged in or not: login page, invitation links, assets, health checks."""
    return True


@rule("signed_in", "network.view", "account.manage", "search.use")
def _signed_in(user, obj) -> bool:
    """Any active member of the network."""
    return True


@rule("member.invite", "audit.view", "outbox.view", "member.end_sessions", "network.settings")
def _admin_only(user, obj) -> bool:
    """Administrators only."""
    return is_admin(user)


@rule("member.deactivate")
def _deactivate(user, target) -> bool:
    """Admins deactivate anyone but themselves; moderators deactivate ordinary members."""
    if target is not None and target.id == user.id:
        return False
    if is_admin(user):
        return True
    if has_role(user, "moderator"):
        return target is None or target.role in ("member", "legal")
    return False


@rule("member.change_role")
def _change_role(user, target) -> bool:
    """Admins change roles of others (never their own, so the last admin stays)."""
    return is_admin(user) and (target is None or target.id != user.id)


@rule("member.edit_profile")
def _edit_profile(user, target) -> bool:
    """Members edit their own profile; admins edit anyone's."""
    return target is None or target.id == user.id or is_admin(user)


# --- Rutiner: routines, versions, approval, read confirmations ------------------------------


def routine_owner(user, routine) -> bool:
    """Members of the owner municipality; moderators and admins own network-wide routines."""
    if routine.municipality_id is None:
        return is_coordinator(user)
    return same_municipality(user, routine.municipality_id)


def _writes_routines(user) -> bool:
    """Members with a municipality, and the coordinators (for network-wide routines)."""
    return user.municipality_id is not None or is_coordinator(user)


@rule("rutiner.view", "rutiner.comment")
def _routine_view(user, routine) -> bool:
    """Everyone reads released routines; drafts only within the owner municipality."""
    return (
        routine is None or routine.released_version_id is not None or routine_owner(user, routine)
    )


@rule("rutiner.create")
def _routine_create(user, obj) -> bool:
    """Members of a municipality and the coordinators write routines."""
    return _writes_routines(user)


@rule("rutiner.view_draft", "rutiner.readers")
def _routine_owners(user, routine) -> bool:
    """The owners see drafts and who has confirmed reading."""
    return _writes_routines(user) if routine is None else routine_owner(user, routine)


@rule("rutiner.edit")
def _routine_edit(user, routine) -> bool:
    """The owners edit a routine until it has expired (utgått is final)."""
    if routine is None:
        return _writes_routines(user)
    return routine.status != "expired" and routine_owner(user, routine)


@rule("rutiner.submit")
def _routine_submit(user, routine) -> bool:
    """Owners send a draft for approval."""
    if routine is None:
        return _writes_routines(user)
    return routine.status == "draft" and routine_owner(user, routine)


@rule("rutiner.approve")
def _routine_approve(user, routine) -> bool:
    """Only the named approver, an owner who neither wrote nor submitted the draft."""
    if routine is None:
        return _writes_routines(user)
    if routine.status != "pending" or routine.approver_id != user.id:
        return False
    draft = routine.draft_version
    own = user.id == routine.submitted_by_id or (draft is not None and draft.author_id == user.id)
    return not own and routine_owner(user, routine)


@rule("rutiner.withdraw")
def _routine_withdraw(user, routine) -> bool:
    """Owners mark an approved routine as expired (utgått)."""
    if routine is None:
        return _writes_routines(user)
    return routine.status == "approved" and routine_owner(user, routine)


@rule("rutiner.delete")
def _routine_delete(user, routine) -> bool:
    """Owners delete a routine that was never approved."""
    if routine is None:
        return _writes_routines(user)
    return routine.released_version_id is None and routine_owner(user, routine)


@rule("rutiner.confirm")
def _routine_confirm(user, routine) -> bool:
    """The owner municipality's members (everyone, for network-wide) confirm the released text."""
    if routine is None:
        return True
    if routine.released_version_id is None or routine.status == "expired":
        return False
    return routine.municipality_id is None or same_municipality(user, routine.municipality_id)


@rule("rutiner.adopt")
def _routine_adopt(user, routine) -> bool:
    """Copy another owner's released routine: members into their municipality, coordinators to felles."""
    if routine is None:
        return _writes_routines(user)
    if routine.released_version_id is None or routine.status == "expired":
        return False
    if user.municipality_id is not None:
        return routine.municipality_id != user.municipality_id
    return is_coordinator(user) and routine.municipality_id is not None


@rule("rutiner.delete_comment")
def _routine_delete_comment(user, comment) -> bool:
    """Authors delete their own comments; moderators and admins delete any."""
    return comment is None or comment.author_id == user.id or is_coordinator(user)


# --- Debriefing and defusing (issue 7) ------------------------------------------------------


def _debrief_moderates(user, session) -> bool:
    """The session's own moderator; for scheduled sessions also any network moderator."""
    if session.moderator_id == user.id:
        return True
    return not session.is_defusing and has_role(user, "moderator")


def _debrief_participates(user, session) -> bool:
    """A registered participant who has not been removed from the session."""
    return session.has_participant(user)


@rule("debrief.view")
def _debrief_view(user, session) -> bool:
    """Everyone sees the schedule; a private defusing room is seen only by its two people."""
    if session is None or not session.is_defusing:
        return True
    return session.moderator_id == user.id or _debrief_participates(user, session)


@rule("debrief.manage")
def _debrief_manage(user, obj) -> bool:
    """Moderators and admins plan sessions and series."""
    return is_coordinator(user)


@rule("debrief.register")
def _debrief_register(user, session) -> bool:
    """Anyone but its moderator registers for a scheduled session that has not ended."""
    if session is None:
        return True
    return (
        not session.is_defusing
        and session.closed_at is None
        and session.ends_at > utcnow()
        and session.moderator_id != user.id
    )


@rule("debrief.join")
def _debrief_join(user, session) -> bool:
    """The chat room: its moderators until it closes; participants while it is open."""
    if session is None:
        return True
    state = session.room_state(utcnow())
    if state == "closed":
        return False
    if _debrief_moderates(user, session):
        return True
    return state == "open" and _debrief_participates(user, session)


@rule("debrief.moderate")
def _debrief_moderate(user, session) -> bool:
    """Open, pause, close, mute, remove, delete, write the summary: the session's moderators."""
    return session is None or _debrief_moderates(user, session)


@rule("defusing.request")
def _defusing_request(user, obj) -> bool:
    """Members ask for a defusing talk after an incident."""
    return has_role(user, "member")


@rule("defusing.withdraw")
def _defusing_withdraw(user, request) -> bool:
    """The requester withdraws a request nobody has taken yet."""
    return request is None or (request.requester_id == user.id and request.is_waiting)


@rule("defusing.duty")
def _defusing_duty(user, obj) -> bool:
    """Moderators and peers (members) volunteer to be on duty."""
    return has_role(user, "member", "moderator")


@rule("defusing.take")
def _defusing_take(user, request) -> bool:
    """Someone on duty takes a waiting request from another person."""
    if not has_role(user, "member", "moderator"):
        return False
    if request is None:
        return True
    return request.takeable_by(user)


# --- Samlinger: year plan, registration, minutes, homework, calendar (issue 5) --------------


def _samling_of(obj):
    """The samling behind a samling, day, registration, agenda item, minutes or homework."""
    while obj is not None and type(obj).__name__ != "Samling":
        obj = obj.samling if hasattr(obj, "samling") else obj.day
    return obj


@rule("meetings.view")
def _meetings_view(user, obj) -> bool:
    """Members see published samlinger; moderators and admins also see unpublished ones."""
    samling = _samling_of(obj)
    return samling is None or samling.published or is_coordinator(user)


@rule("meetings.manage", "meetings.registrations", "meetings.homework_manage")
def _meetings_manage(user, obj) -> bool:
    """Moderators and admins plan samlinger, see registration lists and set homework."""
    return is_coordinator(user)


@rule("meetings.register")
def _meetings_register(user, day) -> bool:
    """Anyone may register themselves for a day of a samling they can see."""
    return day is None or _meetings_view(user, day)


@rule("meetings.registration_change")
def _registration_change(user, registration) -> bool:
    """A registration is changed or withdrawn only by its owner."""
    return registration is None or registration.user_id == user.id


@rule("meetings.minutes_view")
def _minutes_view(user, minutes) -> bool:
    """Published minutes for all members; drafts for moderators and admins only."""
    if minutes is None or is_coordinator(user):
        return True
    return minutes.published_at is not None and _meetings_view(user, minutes)


@rule("meetings.minutes_edit")
def _minutes_edit(user, minutes) -> bool:
    """Moderators and admins edit minutes until they are published (then locked)."""
    return is_coordinator(user) and (minutes is None or minutes.published_at is None)


@rule("meetings.homework_view")
def _homework_view(user, item) -> bool:
    """Homework is seen by members once the samling's minutes are published."""
    if item is None or is_coordinator(user):
        return True
    return item.samling.minutes_published() and _meetings_view(user, item)


@rule("meetings.homework_answer")
def _homework_answer(user, item) -> bool:
    """A member answers an open every-municipality item for their own municipality."""
    if user.municipality_id is None:
        return False
    if item is None:
        return True
    return item.responsible == "all" and item.status == "open" and _homework_view(user, item)


@rule("meetings.homework_status")
def _homework_status(user, item) -> bool:
    """Moderators, or the person or municipality responsible, mark an item done."""
    if item is None or is_coordinator(user):
        return True
    if not _homework_view(user, item):
        return False
    if item.responsible == "person":
        return item.responsible_user_id == user.id
    if item.responsible == "municipality":
        return same_municipality(user, item.responsible_municipality_id)
    return False


@rule("meetings.key_figures", "meetings.calendar_feed")
def _meetings_signed_in(user, obj) -> bool:
    """Any active member: the network's key figures, and their own calendar feed address."""
    return True


# --- Surveys: competence-gap surveys (kartlegginger) -----------------------------------------


def _survey_released(survey) -> bool:
    """A survey that has left the draft stage."""
    return survey.status != "draft"


@rule("survey.list")
def _survey_list(user, obj) -> bool:
    """Any active member sees the list (drafts only for coordinators, filtered by the page)."""
    return True


@rule("survey.manage")
def _survey_manage(user, survey) -> bool:
    """Moderators and admins create, edit, open and close surveys."""
    return is_coordinator(user)


@rule("survey.export", "survey.to_agenda")
def _survey_export(user, survey) -> bool:
    """Coordinators export and plan from results; anonymous surveys only once closed."""
    return is_coordinator(user) and (survey is None or not survey.results_sealed)


@rule("survey.view", "survey.results")
def _survey_view(user, survey) -> bool:
    """Coordinators see every survey; others once it is opened (results as aggregates)."""
    return survey is None or is_coordinator(user) or _survey_released(survey)


@rule("survey.answer")
def _survey_answer(user, survey) -> bool:
    """Members of a municipality answer (only the contact person, if the survey says so)."""
    if user.municipality_id is None:
        return False
    if survey is None:
        return True
    if not _survey_released(survey):
        return False
    if survey.audience == "municipality" and survey.contact_only:
        return bool(user.is_contact)
    return True


@rule("survey.own_answers")
def _survey_own_answers(user, survey) -> bool:
    """A municipality's members see their own municipality's (or their own) answers."""
    return user.municipality_id is not None and (survey is None or _survey_released(survey))


@rule("survey.analyse")
def _survey_analyse(user, survey) -> bool:
    """Per-municipality results: coordinators; members when identified and shared.

    Nobody sees an anonymous survey's results before it closes.
    """
    if survey is None:
        return True
    if survey.results_sealed:
        return False
    if is_coordinator(user):
        return True
    return _survey_released(survey) and not survey.anonymous and survey.share_results


# --- Cases: anonymised cases (issue 4) -------------------------------------------------------
# A case belongs to its author's municipality. Drafts are seen only there; cases in review
# also by the reviewers (moderator, legal adviser); published cases by the whole network.


def _case_reviewer(user) -> bool:
    """Moderators and legal advisers review cases."""
    return has_role(user, "moderator", "legal")


@rule("case.list")
def _case_list(user, case) -> bool:
    """Every member sees the list (it shows only what they may see)."""
    return True


@rule("case.create")
def _case_create(user, case) -> bool:
    """Members who belong to a municipality write cases for it."""
    return user.municipality_id is not None


@rule("case.view")
def _case_view(user, case) -> bool:
    """Own municipality always; reviewers while in review; everyone once published."""
    if case is None or same_municipality(user, case.municipality_id):
        return True
    if case.withdrawn_at is not None:
        return is_coordinator(user) and case.status != "draft"
    if case.status == "published":
        return True
    return case.status == "review" and _case_reviewer(user)


@rule("case.edit")
def _case_edit(user, case) -> bool:
    """The municipality edits (and resolves scan findings in) its cases until withdrawn."""
    if case is None:
        return user.municipality_id is not None
    return same_municipality(user, case.municipality_id) and case.withdrawn_at is None


@rule("case.submit")
def _case_submit(user, case) -> bool:
    """The municipality sends its drafts to review."""
    return _case_edit(user, case) and (case is None or case.status == "draft")


@rule("case.review")
def _case_review(user, case) -> bool:
    """A moderator or legal adviser decides a case in review, never their own."""
    if not _case_reviewer(user):
        return False
    if case is None:
        return True
    return case.status == "review" and case.withdrawn_at is None and case.author_id != user.id


@rule("case.discuss")
def _case_discuss(user, case) -> bool:
    """Everyone comments on and adds reflection questions to published cases."""
    return case is None or (case.status == "published" and case.withdrawn_at is None)


@rule("case.view_log")
def _case_view_log(user, case) -> bool:
    """The author's municipality reads who has seen the case."""
    if case is None:
        return user.municipality_id is not None
    return same_municipality(user, case.municipality_id)


@rule("case.withdraw")
def _case_withdraw(user, case) -> bool:
    """The municipality withdraws its cases; the coordinator those in review or published."""
    if case is None:
        return user.municipality_id is not None or is_coordinator(user)
    if case.withdrawn_at is not None:
        return False
    if same_municipality(user, case.municipality_id):
        return True
    return is_coordinator(user) and case.status != "draft"
