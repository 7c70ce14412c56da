from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from corporativa.markdown import markdown_to_safe_html


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    """A page of corporate information written by staff in Markdown, in a tree.

    The body is rendered and sanitised when the page is saved (body_html), so
    the public page serves stored HTML that contains no script, style, frame,
    event handler or javascript: link.
    """

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent page"),
        help_text=_("Empty for a top-level page."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position among the pages with the same parent.")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The last part of the address; unique among the pages with the same parent."),
    )
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence for lists and search.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "In Markdown: ## heading, **bold**, *italics*, - lists, [text](https://…) links, "
            "tables. HTML scripts, styles and frames are removed."
        ),
    )
    body_html = models.TextField(_("body as HTML"), blank=True, editable=False)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("A page is public only if it and every page above it are published."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.path or self.slug

    @transaction.atomic
    def save(self, *args, **kwargs):
        # Derived fields, recomputed on every save: the stored HTML and the path.
        self.body_html = markdown_to_safe_html(self.body, table_label=self.title)
        old_path = self.path
        self.path = self.computed_path()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "path"}
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():
                child.parent = self
                child.save()

    def get_absolute_url(self):
        return reverse("corporativa:page", args=[self.path])

    def computed_path(self) -> str:
        if self.parent is None:
            return self.slug
        return f"{self.parent.path}/{self.slug}"

    def clean(self):
        super().clean()
        if self.parent_id is None or not self.slug:
            pass
        else:
            ancestor = self.parent
            while ancestor is not None:
                if self.pk is not None and ancestor.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("A page cannot be placed under itself or its own subpages.")}
                    )
                ancestor = ancestor.parent
        if self.slug:
            clash = Page.objects.filter(path=self.computed_path())
            if self.pk is not None:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"slug": _("Another page with the same parent already uses this slug.")}
                )

    def ancestor_paths(self) -> list[str]:
        """The paths of the pages above this one, top first."""
        parts = self.path.split("/")
        return ["/".join(parts[:n]) for n in range(1, len(parts))]


class FaqTopic(models.Model):
    """A heading of the frequently asked questions on the help page."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("FAQ topic")
        verbose_name_plural = _("FAQ topics")

    def __str__(self):
        return self.name


class FaqQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Faq(models.Model):
    """A frequently asked question and its answer (Markdown, sanitised on save)."""

    topic = models.ForeignKey(
        FaqTopic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic")
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), help_text=_("In Markdown, like the pages."))
    answer_html = models.TextField(_("answer as HTML"), blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = FaqQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "topic__name", "order", "id"]
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self.answer_html = markdown_to_safe_html(self.answer, table_label=self.question)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "answer_html"}
        super().save(*args, **kwargs)
