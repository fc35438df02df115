"""Access rules for files, registered in the one policy (``portal.access``).

A file is visible exactly when its owner object is. The target of the ``documents.*`` actions
is an owner reference from ``portal.documents.owners``: the owner object and the names of the
owner feature's own actions. The owner-specific rules below are composed from the features'
existing actions through ``can()``.
"""

from portal.access import can, has_role, is_coordinator, rule, same_municipality


@rule("rutiner.version_view")
def _routine_version_view(user, version) -> bool:
    """An approved version is seen like the routine; other versions only by its owners."""
    if version is None:
        return True
    if version.approved_at is not None:
        return can(user, "rutiner.view", version.routine)
    return can(user, "rutiner.view_draft", version.routine)


@rule("rutiner.version_attach")
def _routine_version_attach(user, version) -> bool:
    """Owners attach forms and checklists to the draft version while it is a draft."""
    if version is None:
        return can(user, "rutiner.create")
    routine = version.routine
    return routine.draft_version_id == version.id and can(user, "rutiner.submit", routine)


@rule("meetings.answer_view")
def _answer_view(user, answer) -> bool:
    """A homework answer is seen by its municipality and by moderators and admins."""
    if answer is None or is_coordinator(user):
        return True
    return same_municipality(user, answer.municipality_id) and can(
        user, "meetings.homework_view", answer.item
    )


@rule("meetings.answer_attach")
def _answer_attach(user, answer) -> bool:
    """The answering municipality adds files while the item is open."""
    if answer is None:
        return user.municipality_id is not None
    return same_municipality(user, answer.municipality_id) and can(
        user, "meetings.homework_answer", answer.item
    )


@rule("case.attach")
def _case_attach(user, case) -> bool:
    """The municipality adds files to its drafts; the legal adviser adds assessments to cases
    in review or published (files are scanned like the text)."""
    if can(user, "case.submit", case):
        return True
    if not has_role(user, "legal"):
        return False
    return case is None or (case.withdrawn_at is None and case.status in ("review", "published"))


@rule("documents.view")
def _document_view(user, target) -> bool:
    """Whoever may see the owner object sees and downloads its files."""
    return target is None or can(user, target.view_action, target.owner)


@rule("documents.attach")
def _document_attach(user, target) -> bool:
    """Whoever may change the owner object uploads and replaces its files."""
    return target is None or can(user, target.attach_action, target.owner)


@rule("documents.delete")
def _document_delete(user, target) -> bool:
    """The owner object's owners, and moderators and admins who can see it, delete files."""
    if target is None:
        return True
    if can(user, target.attach_action, target.owner):
        return True
    return is_coordinator(user) and can(user, target.view_action, target.owner)


@rule("documents.export")
def _document_export(user, target) -> bool:
    """Whoever may see a final document (published, approved) exports it as PDF/A."""
    if target is None:
        return True
    return target.exportable and can(user, target.archive_action, target.owner)


@rule("documents.import")
def _document_import(user, target) -> bool:
    """Whoever may start a draft of the target feature imports a Word file as one."""
    return target is None or can(user, target.action)
