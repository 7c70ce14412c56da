"""The back office's inline tables (templates/admin/edit_inline/tabular.html):
every column has a header and every box a label, for staff with a screen reader.
The browser suite runs axe on every form (tests/browser/test_admin_forms.py);
these check the markup without a browser."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.corporativa.factories import OfficeFactory, weekday_hours
from tests.tramits.factories import ProcedureFactory, ProcedureFieldFactory
from tramits import services as tramits_services
from tramits.choices import FieldKind, Status


class InlineTables(HTMLParser):
    """The header texts, the boxes and the labels of the inline tables of a page:
    the tables inside Django's <div class="tabular inline-related">."""

    def __init__(self, html: str):
        super().__init__()
        self.tables = []
        self.labels = set()
        self._tabular = self._in_table = False
        self._header = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag == "div" and "tabular" in (attrs.get("class") or "").split():
            self._tabular = True
        if tag == "table" and self._tabular:
            self._in_table = True
            self.tables.append({"headers": [], "boxes": [], "row_cells": []})
        if not self._in_table:
            return
        table = self.tables[-1]
        if tag == "th":
            self._header = ""
        elif tag == "tr":
            table["row_cells"].append(0)
        elif tag == "td":
            table["row_cells"][-1] += 1
        elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            table["boxes"].append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag == "th" and self._header is not None:
            self.tables[-1]["headers"].append(self._header.strip())
            self._header = None
        if tag == "table":
            self._tabular = self._in_table = False

    def handle_data(self, data):
        if self._header is not None:
            self._header += data


@pytest.fixture
def superuser_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    # The back office has no language prefix: it follows the browser's language.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_an_editable_inline_table_has_headers_and_labels(superuser_client):
    office = OfficeFactory()
    weekday_hours(office, range(2), "09:00", "14:00")
    html = superuser_client.get(
        reverse("admin:corporativa_office_change", args=[office.pk])
    ).content.decode()
    page = InlineTables(html)

    assert len(page.tables) == 2
    for table in page.tables:
        assert all(table["headers"]), table["headers"]
        assert table["headers"][0] == "Saved item"
        assert table["headers"][-1] == "Delete?"
        assert set(table["boxes"]) <= page.labels, set(table["boxes"]) - page.labels
    hours = page.tables[0]
    # A box for the day, the opening and the closing time of each row (two saved,
    # extra ones and the template of a new one), and a delete box for each saved.
    assert "id_hours-0-weekday" in hours["boxes"]
    assert "id_hours-0-DELETE" in hours["boxes"]
    assert "id_hours-__prefix__-opens" in hours["boxes"]


def test_a_read_only_inline_table_has_no_empty_column(superuser_client, citizen, staff):
    """A case's history can be neither added to nor deleted from: no delete column."""
    staff.groups.add(Group.objects.get(name="Tràmits"))
    procedure = ProcedureFactory()
    ProcedureFieldFactory(procedure=procedure, name="adreca", kind=FieldKind.TEXT)
    draft = tramits_services.draft_for(applicant=citizen, procedure=procedure)
    tramits_services.draft_save(draft=draft, answers={"adreca": "Carrer Major, 1"})
    submission = tramits_services.submission_register(draft=draft, device_class="desktop")
    tramits_services.submission_status_change(
        submission=submission, to_status=Status.IN_PROCESS, by=staff
    )
    html = superuser_client.get(
        reverse("admin:tramits_submission_change", args=[submission.pk])
    ).content.decode()
    (history,) = InlineTables(html).tables

    assert all(history["headers"]), history["headers"]
    assert "Delete?" not in history["headers"]
    # The header row and the two changes have as many cells as headers.
    header_row, *rows = history["row_cells"]
    assert rows and all(cells == len(history["headers"]) for cells in rows)
