"""One way to page through a list: Flask-SQLAlchemy's pagination of a select statement."""

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from portal.extensions import db


def paginate(statement: Select, page: int, per_page: int) -> Pagination:
    """One page of the statement's rows; a page past the end is empty rather than a 404."""
    return db.paginate(statement, page=max(1, page), per_page=per_page, error_out=False)
