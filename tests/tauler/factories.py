"""Factories of the notice board.

A NoticeFactory gives a draft; published notices go through
tauler.services.notice_publish, never by setting fields, so their number,
period and log entries are those a real board has:

    NoticeFactory()                          # a draft starting in an hour
    NoticeFactory(published=True)            # published now by a superuser, starts in an hour
    notice_on_display()                      # published, on display from now
    notice_finished()                        # published 60 days ago, period over
    notice_publish_as_admin(notice, at=...)  # publish an existing draft
    NoticeDocumentFactory(notice=draft)      # a tiny valid PDF, fingerprinted
"""

from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tauler import services
from tauler.models import Category, Notice, NoticeDocument
from tests.accounts.factories import UserFactory
from tests.tramits.factories import DepartmentFactory


def pdf_bytes(text: str = "Anunci") -> bytes:
    """A one-page PDF that any reader opens: hand-written objects and a correct xref."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def publisher_get():
    """The superuser that factories publish with (one per test database)."""
    from accounts.models import User

    return User.objects.filter(email="tauler-publisher@mollet.example").first() or UserFactory(
        email="tauler-publisher@mollet.example",
        full_name="Secretaria General",
        is_staff=True,
        is_superuser=True,
    )


def notice_publish_as_admin(notice: Notice, *, by=None, at=None) -> Notice:
    """Publish a draft through the service, as a superuser unless `by` is given."""
    return services.notice_publish(notice=notice, by=by or publisher_get(), at=at)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Categoria {n}")
    slug = factory.Sequence(lambda n: f"categoria-{n}")
    order = 0


class NoticeFactory(factory.django.DjangoModelFactory):
    """A draft; `published=True` publishes it through the service (scheduled an
    hour ahead: see `notice_on_display` for one on display now). `documents=2` attaches that many PDFs before publishing (the documents of a
    published notice cannot be added later).
    """

    class Meta:
        model = Notice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Edicte d'informació pública {n}")
    text = "Es fa públic per a general coneixement i als efectes oportuns."
    category = factory.SubFactory(CategoryFactory)
    department = factory.SubFactory(DepartmentFactory)
    case_reference = factory.Sequence(lambda n: f"2026/{n + 1000}-SEC")
    start_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))
    period_business_days = 20
    is_permanent = False
    is_pinned = False

    class Params:
        permanent = factory.Trait(is_permanent=True, period_business_days=None)

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create and extracted:
            for index in range(extracted):
                NoticeDocumentFactory(notice=self, order=index)

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        """NoticeFactory(published=True, published__at=moment, published__by=user).

        Declared after `documents`: the log entry of the publication lists them.
        """
        if create and extracted:
            notice_publish_as_admin(self, by=kwargs.get("by"), at=kwargs.get("at"))
            self.refresh_from_db()


def notice_on_display(**kwargs) -> Notice:
    """A notice published and on display from this moment."""
    return NoticeFactory(start_at=timezone.now(), published=True, **kwargs)


def notice_finished(*, days_ago: int = 60, **kwargs) -> Notice:
    """A notice published `days_ago` days ago at 09:00 for 10 business days: over by now.

    Its end is not recorded yet (tauler.services.notice_finish does that).
    """
    start = (timezone.localtime() - timedelta(days=days_ago)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    if not kwargs.get("permanent"):
        kwargs.setdefault("period_business_days", 10)
    return NoticeFactory(
        start_at=start, published=True, published__at=start - timedelta(minutes=10), **kwargs
    )


class NoticeDocumentFactory(factory.django.DjangoModelFactory):
    """A PDF of a draft, fingerprinted by documents.uploads.pdf_fingerprint."""

    class Meta:
        model = NoticeDocument
        exclude = ("content",)

    notice = factory.SubFactory(NoticeFactory)
    order = 0
    title = factory.Sequence(lambda n: f"Document {n}.pdf")
    content = factory.LazyAttribute(lambda o: pdf_bytes(o.title))

    @classmethod
    def _create(cls, model_class, *args, notice, title, order=0, content=None, **kwargs):
        upload = SimpleUploadedFile(
            "document.pdf", content or pdf_bytes(title), content_type="application/pdf"
        )
        return services.document_add(notice=notice, title=title, upload=upload, order=order)
