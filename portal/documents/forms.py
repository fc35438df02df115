"""Forms for uploading, replacing and importing files (multipart, with CSRF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import SelectField


class UploadForm(FlaskForm):
    """One or more files for an owner object."""

    files = MultipleFileField(
        _l("Filer"),
        description=_l(
            "Du kan velge flere filer. Tillatt: PDF, PowerPoint, Word, Excel, OpenDocument, "
            "PNG, JPEG, tekst og CSV."
        ),
    )


class ReplaceForm(FlaskForm):
    """A new version of one file."""

    file = FileField(_l("Ny versjon"))


class ImportForm(FlaskForm):
    """A Word file to become a new draft routine."""

    file = FileField(_l("Word-fil (.docx)"))
    category = SelectField(
        _l("Kategori"), invalid_choice_message=_l("Velg en kategori fra listen.")
    )
