"""Translations for templates: looked up once per request, called without Jinja's extra layers.

A list page calls ``_()`` 150 times or more. Jinja's i18n extension reaches the translation
through three nested ``Context.call``s per string (``_`` -> ``gettext`` -> the function given),
each inspecting the callee, and Flask-Babel looks up domain, locale and catalogue per call. These
callables keep the extension's newstyle semantics (autoescaped results are Markup, every
result is a format string filled with the keyword arguments, ``num`` and ``context`` set by
default) in one call, with the request's translations memoised in ``g``.
"""

import threading
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from cachetools import LRUCache
from flask import g, has_app_context
from flask_babel import get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup


def current_translations():
    """Flask-Babel's translations for this request, looked up once."""
    if not has_app_context():
        return get_translations()
    store = g._get_current_object()
    try:
        return store.babel_translations
    except AttributeError:
        store.babel_translations = get_translations()
        return store.babel_translations


def _format(eval_ctx: EvalContext, translated: str, variables: dict[str, Any]) -> str:
    """Escape like the template does and fill in the variables (always a format string)."""
    # The catalogue's own text is trusted, as in Jinja's gettext; the variables are escaped.
    safe = Markup(translated) if eval_ctx.autoescape else translated  # noqa: S704
    return safe % variables


@pass_eval_context
def gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
    """``_()`` and ``gettext()`` in templates."""
    return _format(eval_ctx, current_translations().ugettext(string), variables)


@pass_eval_context
def ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    """``ngettext()`` in templates; ``num`` is available to the string."""
    variables.setdefault("num", num)
    translated = current_translations().ungettext(singular, plural, num)
    return _format(eval_ctx, translated, variables)


@pass_eval_context
def pgettext(eval_ctx: EvalContext, context: str, string: str, /, **variables: Any) -> str:
    """``pgettext()`` in templates."""
    variables.setdefault("context", context)
    return _format(eval_ctx, current_translations().upgettext(context, string), variables)


@pass_eval_context
def npgettext(
    eval_ctx: EvalContext, context: str, singular: str, plural: str, num: int, /, **variables: Any
) -> str:
    """``npgettext()`` in templates."""
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    translated = current_translations().unpgettext(context, singular, plural, num)
    return _format(eval_ctx, translated, variables)


_labels: LRUCache = LRUCache(maxsize=256)  # (mapping id, catalogue) -> (mapping, its labels)
_labels_lock = threading.Lock()


def labels(mapping: Mapping[Any, Any]) -> Mapping[Any, str]:
    """A constant mapping's (lazy) labels as text, translated once per catalogue (read-only)."""
    key = (id(mapping), current_translations())
    with _labels_lock:
        kept = _labels.get(key)
    if kept is None or kept[0] is not mapping:  # the mapping is kept, so its id is not reused
        kept = (mapping, MappingProxyType({k: str(label) for k, label in mapping.items()}))
        with _labels_lock:
            _labels[key] = kept
    return kept[1]


TEMPLATE_CALLABLES = {
    "_": gettext,
    "gettext": gettext,
    "ngettext": ngettext,
    "pgettext": pgettext,
    "npgettext": npgettext,
    "labels": labels,
}
