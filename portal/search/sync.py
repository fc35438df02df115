"""Keep the index in step inside the same transaction as the change (session events).

Before a flush, every new, changed or deleted object is mapped to the roots whose documents it
touches (through the registered sources); after the flush, those roots are re-indexed, or
unindexed if they were deleted. A rollback undoes the index change with the change itself.
"""

from itertools import chain

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from portal.search import registry
from portal.search.services import index_object, unindex

PENDING = "search_pending"


@event.listens_for(Session, "before_flush")
def collect_roots(session: Session, _context, _instances) -> None:
    """Note the roots that this flush's changes touch (relationships are still intact here)."""
    pending = session.info.setdefault(PENDING, {})
    for obj in chain(session.new, session.dirty, session.deleted):
        for source, root in registry.roots_of(obj):
            pending[(source.name, id(root))] = (source, root)


@event.listens_for(Session, "after_flush_postexec")
def update_index(session: Session, _context) -> None:
    """Re-index the noted roots that still exist, unindex the deleted ones."""
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    for source, root in pending.values():
        state = inspect(root)
        if state.deleted or state.was_deleted:
            unindex(session.connection(), source, state.identity[0])
        elif state.persistent:
            index_object(session, source, root)


@event.listens_for(Session, "after_rollback")
def forget_roots(session: Session) -> None:
    """A rolled-back flush leaves nothing to index."""
    session.info.pop(PENDING, None)
