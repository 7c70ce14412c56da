"""The publication certificate (diligència de publicació) of a notice.

Once a notice's display period is over, the council certifies, in a sealed PDF
with a secure verification code, that the notice was on the electronic board
from one moment to another, which documents it carried (by their SHA-256) and
which entries of the publication log prove it.

Which notices get one:
- every finished notice (its period over and its end recorded in the log);
- a notice cancelled after it went on display: it was public for part of its
  period, and the case it belongs to may need to prove that, so the
  certificate states the interrupted display, the moment of the cancellation
  and its public reason;
- not a notice cancelled before its start (it was never on display: there is
  nothing to certify), nor a draft, a scheduled notice, one still on display
  or a permanent one.

A certificate is issued once and never replaced. It rests on the log, so it is
not issued while the log fails its verification: a document that is kept for
ever must not certify facts that the council cannot prove at that moment.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from corporativa.business_days import last_moment_shown
from documents.choices import DocumentKind
from documents.content import DocumentContent, Section, Table
from documents.files import files_deleted_on_rollback
from documents.models import IssuedDocument
from documents.services import document_issue
from tauler import services
from tauler.choices import LogEvent, NoticeState
from tauler.models import Notice, PublicationLogEntry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChainState:
    """What the verification of the whole log found, and when."""

    verified_at: datetime
    entries: int
    problem: services.ChainProblem | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def chain_check() -> ChainState:
    verified_at = timezone.now()
    problem = services.log_verify()
    return ChainState(
        verified_at=verified_at,
        entries=PublicationLogEntry.objects.count(),
        problem=problem,
    )


def certificate_for(notice: Notice) -> IssuedDocument | None:
    """The publication certificate of `notice`, if one was issued."""
    return (
        IssuedDocument.objects.for_object(notice)
        .filter(kind=DocumentKind.PUBLICATION_CERTIFICATE)
        .first()
    )


def _when(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M:%S} ({local:%Z})"


def _day(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _last_second(end_at: datetime) -> datetime:
    """The certificate says "until 23:59:59 of the last day" of a period that ends
    at 00:00 of the next."""
    return last_moment_shown(end_at, step=timedelta(seconds=1))


def _size(size: int) -> str:
    """A size people read, with the exact bytes once it is rounded."""
    shown = filesizeformat(size)
    if size < 1024:
        return shown
    return _("%(size)s (%(bytes)s bytes)") % {"size": shown, "bytes": size}


def _business_days(count: int) -> str:
    return ngettext("%(n)s business day", "%(n)s business days", count) % {"n": count}


def _natural_days(count: int) -> str:
    return ngettext("%(n)s natural day", "%(n)s natural days", count) % {"n": count}


def _cancelled_while_displayed(notice: Notice) -> bool:
    return notice.cancelled_at is not None and notice.cancelled_at > notice.start_at


def _check_eligible(notice: Notice) -> None:
    if notice.published_at is None:
        raise ValidationError(_("A draft has no publication certificate."), code="draft")
    if notice.cancelled_at is not None:
        if not _cancelled_while_displayed(notice):
            raise ValidationError(
                _(
                    "This notice was cancelled before it went on display: there is nothing to certify."
                ),
                code="never_displayed",
            )
        return
    if notice.state != NoticeState.FINISHED:
        raise ValidationError(
            _("The publication certificate is issued once the display period has ended."),
            code="not_finished",
        )


def _notice_section(notice: Notice, corrections: list[Notice]) -> Section:
    public_url = settings.SEU_SITE_URL.rstrip("/") + notice.get_absolute_url()
    rows = [
        (_("Notice number"), notice.number),
        (_("Title"), notice.title),
        (_("Category"), notice.category.name),
        (_("Issuing department"), notice.department.name),
        (_("Case reference"), notice.case_reference or "—"),
        (_("Published on"), _when(notice.published_at)),
        (_("Public address"), public_url),
    ]
    if notice.corrects_id:
        rows.append((_("Corrects notice"), f"{notice.corrects.number} · {notice.corrects.title}"))
    for correction in corrections:
        rows.append(
            (
                _("Corrected by notice"),
                _("%(number)s · %(title)s (published on %(date)s)")
                % {
                    "number": correction.number,
                    "title": correction.title,
                    "date": _when(correction.published_at),
                },
            )
        )
    return Section(_("The notice"), rows=rows)


def _period_rows(notice: Notice, entries: list[PublicationLogEntry]) -> list[tuple[str, str]]:
    rows = [(_("On display from"), _when(notice.start_at))]
    if _cancelled_while_displayed(notice):
        rows.append((_("Cancelled on"), _when(notice.cancelled_at)))
        rows.append((_("Public reason for cancelling"), notice.cancel_reason))
        if notice.end_at is not None:
            rows.append(
                (
                    _("Planned period, not completed"),
                    _("%(days)s, until %(end)s")
                    % {
                        "days": _business_days(notice.period_business_days),
                        "end": _when(_last_second(notice.end_at)),
                    },
                )
            )
        return rows
    rows.append((_("On display until"), _when(_last_second(notice.end_at))))
    rows.append(
        (
            _("Display period"),
            f"{_business_days(notice.period_business_days)} ({_natural_days(notice.natural_days)})",
        )
    )
    for entry in entries:
        if entry.event != LogEvent.EXTENDED:
            continue
        before = entry.data.get("from", {}).get("business_days")
        after = entry.data.get("to", {}).get("business_days")
        rows.append(
            (
                _("Period extended"),
                _("on %(date)s, from %(before)s to %(after)s")
                % {
                    "date": _when(entry.at),
                    "before": _business_days(before),
                    "after": _business_days(after),
                },
            )
        )
    return rows


def _statement(notice: Notice) -> str:
    values = {
        "council": settings.SEU_COUNCIL_NAME,
        "number": notice.number,
        "title": notice.title,
        "category": notice.category.name,
        "department": notice.department.name,
        "case": notice.case_reference or _("no case reference"),
        "start": _when(notice.start_at),
    }
    if _cancelled_while_displayed(notice):
        return _(
            "%(council)s certifies that notice %(number)s, “%(title)s” (category: "
            "%(category)s; issuing department: %(department)s; case: %(case)s), was on "
            "display on the electronic notice board of its seu from %(start)s until it "
            "was cancelled on %(cancelled)s, for the following public reason: %(reason)s"
        ) % {
            **values,
            "cancelled": _when(notice.cancelled_at),
            "reason": notice.cancel_reason,
        }
    return _(
        "%(council)s certifies that notice %(number)s, “%(title)s” (category: "
        "%(category)s; issuing department: %(department)s; case: %(case)s), was on display "
        "on the electronic notice board of its seu from %(start)s to %(end)s, for "
        "%(business)s (%(natural)s)."
    ) % {
        **values,
        "end": _when(_last_second(notice.end_at)),
        "business": _business_days(notice.period_business_days),
        "natural": _natural_days(notice.natural_days),
    }


def _chain_paragraph(chain: ChainState) -> str:
    if chain.intact:
        return _(
            "The publication log was verified intact on %(date)s: its %(count)s entries were "
            "recomputed, and each one's hash covers its content and the hash of the entry "
            "before it, so no entry can be changed or removed without breaking the chain."
        ) % {"date": _when(chain.verified_at), "count": chain.entries}
    return _(
        "On %(date)s the verification of the publication log failed at entry #%(sequence)s "
        "(%(reason)s)."
    ) % {
        "date": _when(chain.verified_at),
        "sequence": chain.problem.sequence,
        "reason": chain.problem.reason,
    }


def _content(notice: Notice, chain: ChainState) -> DocumentContent:
    entries = list(notice.log_entries.order_by("sequence"))
    corrections = list(
        Notice.objects.published()
        .filter(corrects=notice, published_at__isnull=False)
        .order_by("published_at", "id")
    )
    documents = list(notice.documents.all())
    sections = [
        Section(_("Certification"), paragraphs=[_statement(notice)]),
        _notice_section(notice, corrections),
        Section(_("Display period"), rows=_period_rows(notice, entries)),
    ]
    if documents:
        sections.append(
            Section(
                _("Documents published"),
                table=Table(
                    headers=[_("Document"), _("Size"), "SHA-256"],
                    rows=[[d.title, _size(d.size), d.sha256] for d in documents],
                    widths=[3, 1.6, 4],
                ),
                paragraphs=[
                    _(
                        "The fingerprint (SHA-256) identifies each document: any change to a "
                        "document, however small, changes its fingerprint."
                    )
                ],
            )
        )
    else:
        sections.append(
            Section(_("Documents published"), paragraphs=[_("The notice had no documents.")])
        )
    sections.append(
        Section(
            _("Entries of the publication log"),
            table=Table(
                headers=["#", _("Event"), _("Date and time"), _("Hash (SHA-256)")],
                rows=[
                    [str(e.sequence), e.get_event_display(), _when(e.at), e.hash] for e in entries
                ],
                widths=[0.6, 1.6, 2.4, 4.2],
            ),
            paragraphs=[
                _chain_paragraph(chain),
                _(
                    "The whole log is public on the notice board of the seu, where anyone "
                    "can recompute it."
                ),
            ],
        )
    )
    return DocumentContent(
        subtitle=_("Notice %(number)s") % {"number": notice.number}, sections=sections
    )


def certificate_content(notice: Notice) -> DocumentContent:
    """What the certificate of `notice` says, in the active language, with the
    log verified now. Issuing goes through `certificate_issue`."""
    return _content(notice, chain_check())


def certificate_title(notice: Notice) -> str:
    return _("Publication certificate of notice %(number)s") % {"number": notice.number}


def certificate_issue(*, notice: Notice) -> IssuedDocument:
    """The sealed publication certificate of `notice`: issued the first time,
    returned as it is afterwards. ValidationError for a notice that has none
    (see the module's docstring) and while the publication log is broken."""
    # A sealed PDF written for a transaction that then rolls back leaves with it.
    with files_deleted_on_rollback(), transaction.atomic():
        # The lock makes two simultaneous requests issue one certificate.
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("category", "department", "corrects")
            .get(pk=notice.pk)
        )
        existing = certificate_for(notice)
        if existing is not None:
            return existing
        _check_eligible(notice)
        if notice.cancelled_at is None and notice.finished_logged_at is None:
            services.notice_finish(notice=notice)
            notice.refresh_from_db()
        chain = chain_check()
        if not chain.intact:
            raise ValidationError(
                _(
                    "The publication log fails its verification at entry #%(sequence)s "
                    "(%(reason)s): no certificate can be issued until it is examined."
                )
                % {"sequence": chain.problem.sequence, "reason": chain.problem.reason},
                code="broken_log",
            )
        language = settings.LANGUAGE_CODE
        with translation.override(language):
            return document_issue(
                kind=DocumentKind.PUBLICATION_CERTIFICATE,
                title=certificate_title(notice),
                content=_content(notice, chain),
                related=notice,
                language=language,
            )


def notices_needing_certificate():
    """Published notices that should have a certificate and have none yet:
    finished ones with their end recorded, and those cancelled while on display."""
    certified = IssuedDocument.objects.filter(
        kind=DocumentKind.PUBLICATION_CERTIFICATE,
        content_type=ContentType.objects.get_for_model(Notice),
    ).values("object_id")
    return (
        Notice.objects.published()
        .filter(
            Q(cancelled_at__isnull=True, finished_logged_at__isnull=False)
            | Q(cancelled_at__gt=F("start_at"))
        )
        .exclude(pk__in=certified)
        .order_by("end_at", "id")
    )


def certificates_missing_issue() -> tuple[int, list[str]]:
    """Issue every certificate that is missing (the sweep's job): how many
    were issued, and a line for each notice that could not have one."""
    issued, failures = 0, []
    for notice in notices_needing_certificate():
        try:
            certificate_issue(notice=notice)
        except ValidationError as error:
            failures.append(f"{notice.number}: {' '.join(error.messages)}")
        except Exception as error:
            logger.exception("Could not issue the certificate of notice %s", notice.number)
            failures.append(f"{notice.number}: {error}")
        else:
            issued += 1
    return issued, failures
