"""The trainer's cohort and attendance pages, their rows written from Python: a row of template
tags per enrolment (a `url`, a `csrf_token` and a `blocktranslate` on the cohort's page, a
crispy-forms checkbox of four included templates on the session's) was most of each page's time.
The HTML is what the templates wrote (tests/trainings/test_trainer_rows.py compares them);
translations are written as `{% translate %}` writes them (not escaped: they are ours)."""

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dataide.csrf import csrf_token
from dataide.formatting import csrf_input, datetime_formatter, escape
from dataide.reversing import pk_url


def _local_dates(format_name: str):
    """`moment → {{ moment|date:format_name }}`: the filter formats the moment in the current time
    zone (through Django's date_format, each date cost some 150 calls); one formatter per list."""
    formatter = datetime_formatter(format_name)
    return lambda moment: formatter(timezone.localtime(moment))


# --- the cohort's page ------------------------------------------------------------------------


def session_rows(sessions) -> str:
    """The rows of the cohort's sessions table; `sessions` as selectors.cohort_sessions reads them."""
    session_url, starts_at = pk_url("trainings:trainings_staff:session"), _local_dates("DATETIME_FORMAT")
    return mark_safe("".join(  # every value escaped
        f'<tr><td>{starts_at(session["starts_at"])}</td>'
        f'<td><a href="{session_url(session["pk"])}">{escape(session["title"])}</a></td>'
        f'<td>{session["present"]}</td></tr>'
        for session in sessions
    ))


def enrolment_rows(request, enrolments, *, session_count: int) -> str:
    """The rows of the enrolled organismes table, each with its presence count out of
    `session_count` and its completion (the date, or the form that marks it); `enrolments` as
    selectors.cohort_enrolments reads them."""
    complete_url = pk_url("trainings:trainings_staff:complete")
    csrf = csrf_input(csrf_token(request))
    completed_on, mark_completed = _("Terminée le %(date)s"), _("Marquer terminée pour %(name)s")
    completed_date = _local_dates("DATE_FORMAT")

    def completion(enrolment, name) -> str:
        if enrolment["completed_at"]:
            date = escape(completed_date(enrolment["completed_at"]))
            return f'<span class="badge text-bg-success">{completed_on % {"date": date}}</span>'
        return (
            f'<form method="post" action="{complete_url(enrolment["pk"])}">{csrf}'
            f'<button class="btn btn-sm btn-outline-primary" type="submit">{mark_completed % {"name": name}}</button>'
            "</form>"
        )

    rows = []
    for enrolment in enrolments:
        name = escape(enrolment["legal_name"])
        rows.append(
            f'<tr><td>{name}</td><td>{enrolment["present"]} / {session_count}</td>'
            f"<td>{completion(enrolment, name)}</td></tr>"
        )
    return mark_safe("".join(rows))


# --- the session's attendance form --------------------------------------------------------------


def attendance_form(form, rows) -> str:
    """What `{{ form|crispy }}` (crispy-bootstrap5) wrote for trainings.forms.SessionAttendanceForm:
    its errors, then a box per enrolment of `rows` (selectors.session_attendance), ticked as the
    form's value says: who was recorded present, or, on a rejected form, what the trainer sent."""
    field = form["present"]
    ticked = set(field.field.widget.format_value(field.value()))
    errors = field.errors
    invalid = " is-invalid" if errors else ""
    aria_invalid = ' aria-invalid="true"' if errors else ""
    name, auto_id = field.html_name, field.auto_id
    after_last = ""  # crispy writes the field's errors inside its last box
    if errors:
        paragraphs = "".join(
            f'<p id="error_{number}_{auto_id}"><strong>{escape(error)}</strong></p>'
            for number, error in enumerate(errors, start=1)
        )
        after_last = f'<div id="{errors.field_id}_error" class="invalid-feedback">{paragraphs}</div>'
    boxes = []
    for index, row in enumerate(rows):
        value, box_id = str(row["pk"]), f"{auto_id}_{index}"
        boxes.append(
            f'<div class="form-check"><input type="checkbox" class="form-check-input{invalid}" name="{name}" '
            f'value="{value}" id="{box_id}"{aria_invalid}{" checked" if value in ticked else ""}>'
            f'<label for="{box_id}" class="form-check-label">{escape(row["legal_name"])}</label>'
            f'{after_last if index == len(rows) - 1 else ""}</div>'
        )
    described_by = f' aria-describedby="{field.aria_describedby}"' if field.aria_describedby else ""
    return mark_safe(  # every value escaped
        _non_field_errors(form)
        + f'<div id="div_{auto_id}" class="mb-3"><fieldset{described_by}>'
        f'<legend class="form-label fs-6">{escape(field.label)}</legend>'
        f'<div>{"".join(boxes)}</div></fieldset></div>'
    )


def _non_field_errors(form) -> str:
    errors = form.non_field_errors()
    if not errors:
        return ""
    items = "".join(f"<li>{escape(error)}</li>" for error in errors)
    return f'<div class="alert alert-block alert-danger"><ul class="m-0">{items}</ul></div>'
