"""Extending a call's application period (ampliació de termini, art. 32 Llei 39/2015):
only before the period ends, only longer, with a public reason that becomes a phase."""

import datetime
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from convocatories import alerts, digests, services
from convocatories.choices import CallStatus, PeriodMode, PhaseKind
from convocatories.dates import date_words
from convocatories.models import Application, ApplicationDraft, Call, Phase
from corporativa.business_days import (
    first_business_day_from,
    next_business_day,
    official_today,
)
from corporativa.models import LocalHoliday
from tests.accounts.factories import UserFactory
from tests.convocatories.factories import (
    CallFactory,
    call_cancelled,
    call_resolved,
    publisher_get,
)
from tramits import services as tramits_services

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:convocatories_call_changelist")
REASON = "Incidència tècnica a la seu electrònica durant tres dies."


def a_weekday_after(day: datetime.date, *, days: int) -> datetime.date:
    """A Wednesday at least `days` after `day`: clear of weekends."""
    target = day + timedelta(days=days)
    return target + timedelta(days=(2 - target.weekday()) % 7)


def extend(call, new_last_day, reason=REASON, **kwargs):
    return services.call_extend(
        call=call, new_last_day=new_last_day, reason=reason, by=publisher_get(), **kwargs
    )


def snapshot(call: Call) -> tuple:
    call = Call.objects.get(pk=call.pk)
    return (
        call.period_mode,
        call.opens_on,
        call.closes_on,
        call.opens_at,
        call.closes_at,
        call.phases.count(),
    )


# --- The service --------------------------------------------------------------------


def test_extends_an_open_call_and_records_a_public_phase(open_call):
    old_last, old_closes_at = open_call.last_day, open_call.closes_at
    new_last = first_business_day_from(a_weekday_after(old_last, days=10))

    returned = extend(open_call, new_last)

    call = Call.objects.get(pk=open_call.pk)
    assert returned.pk == call.pk
    assert call.last_day == new_last
    assert call.closes_on == new_last
    assert call.closes_at > old_closes_at
    assert call.opens_at == open_call.opens_at  # the first day does not move
    assert call.status == CallStatus.OPEN
    assert open_call.closes_at == call.closes_at  # the caller's copy follows
    [phase] = call.phases.all()
    assert phase.kind == PhaseKind.EXTENSION
    assert phase.display_title == "Extension of the application period"
    assert phase.date == official_today()
    assert abs(phase.published_at - timezone.now()) < timedelta(minutes=1)
    assert REASON in phase.text
    # The text is written in the council's language (Catalan), with both deadlines.
    assert date_words(new_last, "ca") in phase.text
    assert date_words(old_last, "ca") in phase.text


def test_a_period_in_business_days_becomes_explicit_dates_from_its_first_day():
    published_on = official_today() - timedelta(days=3)
    call = CallFactory(
        period_mode=PeriodMode.BUSINESS_DAYS,
        opens_on=None,
        closes_on=None,
        published_on=published_on,
        period_business_days=20,
    )
    first, old_last = call.first_day, call.last_day
    new_last = next_business_day(a_weekday_after(old_last, days=7))
    extend(call, new_last)
    call.refresh_from_db()
    assert call.period_mode == PeriodMode.DATES
    assert (call.opens_on, call.closes_on) == (first, new_last)
    assert (call.first_day, call.last_day) == (first, new_last)
    # What the call was published with is kept, not erased.
    assert (call.published_on, call.period_business_days) == (published_on, 20)


def test_an_upcoming_call_can_be_extended_too():
    call = CallFactory(upcoming=True)
    new_last = next_business_day(a_weekday_after(call.last_day, days=7))
    extend(call, new_last)
    call.refresh_from_db()
    assert call.status == CallStatus.UPCOMING
    assert call.last_day == new_last


def test_a_new_last_day_on_a_holiday_moves_to_the_next_business_day(open_call):
    holiday = a_weekday_after(open_call.last_day, days=14)
    LocalHoliday.objects.create(date=holiday, name="Festa de prova")
    extend(open_call, holiday)
    open_call.refresh_from_db()
    expected = next_business_day(holiday)
    assert expected > holiday
    assert open_call.closes_on == holiday  # what was decided, as the original period keeps it
    assert open_call.last_day == expected
    assert date_words(expected, "ca") in open_call.phases.get().text


def test_a_new_last_day_on_a_saturday_moves_to_monday(open_call):
    saturday = a_weekday_after(open_call.last_day, days=7) + timedelta(days=3)
    assert saturday.weekday() == 5
    extend(open_call, saturday)
    open_call.refresh_from_db()
    assert open_call.last_day == next_business_day(saturday)
    assert open_call.last_day.weekday() not in (5, 6)


@pytest.mark.parametrize("shift", [0, -1, -10])
def test_the_period_is_never_shortened_nor_extended_to_the_same_day(open_call, shift):
    before = snapshot(open_call)
    with pytest.raises(ValidationError) as error:
        extend(open_call, open_call.last_day + timedelta(days=shift))
    assert "must be after the current one" in " ".join(error.value.messages)
    assert "new_last_day" in error.value.message_dict
    assert snapshot(open_call) == before


def test_a_later_non_business_day_that_moves_back_to_the_current_last_day_is_refused():
    # The period was given as ending on a Saturday, so it ends on the next business
    # day; the Sunday after that Saturday is later but moves to that same day.
    saturday = a_weekday_after(official_today(), days=10) + timedelta(days=3)
    call = CallFactory(closes_on=saturday)
    sunday = saturday + timedelta(days=1)
    assert call.last_day == next_business_day(sunday) > sunday
    before = snapshot(call)
    with pytest.raises(ValidationError):
        extend(call, sunday)
    assert snapshot(call) == before


def test_refused_once_the_period_has_ended():
    call = CallFactory(closed=True)
    before = snapshot(call)
    with pytest.raises(ValidationError) as error:
        extend(call, official_today() + timedelta(days=30))
    assert "must be decided before the period ends" in " ".join(error.value.messages)
    assert snapshot(call) == before


def test_refused_at_the_first_instant_after_the_last_day(open_call):
    before = snapshot(open_call)
    with pytest.raises(ValidationError):
        extend(open_call, open_call.last_day + timedelta(days=30), at=open_call.closes_at)
    assert snapshot(open_call) == before


@pytest.mark.parametrize(
    ("make", "words"),
    [(call_cancelled, "A cancelled call"), (call_resolved, "A resolved call")],
)
def test_refused_for_cancelled_and_resolved_calls(make, words):
    call = make()
    before = snapshot(call)
    with pytest.raises(ValidationError) as error:
        extend(call, official_today() + timedelta(days=90))
    assert f"{words} cannot be extended." in error.value.messages
    assert snapshot(call) == before


def test_refused_for_a_draft():
    call = CallFactory(published=False)
    with pytest.raises(ValidationError):
        extend(call, call.closes_on + timedelta(days=10))
    call.refresh_from_db()
    assert call.published_at is None
    assert not call.phases.exists()


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_public_reason_is_required(open_call, reason):
    before = snapshot(open_call)
    with pytest.raises(ValidationError) as error:
        extend(open_call, open_call.last_day + timedelta(days=10), reason=reason)
    assert error.value.message_dict["reason"] == ["Give the public reason for the extension."]
    assert snapshot(open_call) == before


def test_only_who_may_publish_can_extend(open_call):
    clerk = UserFactory(email="becari@mollet.example", is_staff=True)
    before = snapshot(open_call)
    with pytest.raises(PermissionDenied):
        services.call_extend(
            call=open_call,
            new_last_day=open_call.last_day + timedelta(days=10),
            reason=REASON,
            by=clerk,
        )
    assert snapshot(open_call) == before


# --- What the public and the followers see ------------------------------------------


def test_the_apply_button_stays_after_the_old_deadline(client, open_call, monkeypatch):
    old_closes_at = open_call.closes_at
    new_last = next_business_day(a_weekday_after(open_call.last_day, days=10))
    extend(open_call, new_last)

    later = old_closes_at + timedelta(hours=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert reverse("convocatories:call-apply", args=[open_call.slug]) in page
    assert "Apply online" in page
    assert date_words(new_last, "en") in page
    assert "Extension of the application period" in page
    assert REASON in page


def test_followers_get_the_extension_in_their_alerts(open_call):
    now = timezone.now()
    subscription = alerts.subscription_request(
        email="marta@example.cat", call=open_call, language="en"
    )
    alerts.subscription_confirm(subscription=subscription, at=now - timedelta(hours=1))
    extend(open_call, next_business_day(a_weekday_after(open_call.last_day, days=10)), at=now)
    phase = Phase.objects.get(call=open_call)

    dues = digests.due_by_address(at=now + timedelta(minutes=5))
    assert [p.pk for p in dues["marta@example.cat"][0].phases] == [phase.pk]
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = digests.alerts_send(at=now + timedelta(minutes=5))
    assert [s.email for s in report.sent] == ["marta@example.cat"]
    assert "Extension of the application period" in mail.outbox[0].body


def test_an_application_filed_between_the_old_and_the_new_deadline_is_on_time(open_call, citizen):
    old_closes_at = open_call.closes_at
    extend(open_call, next_business_day(a_weekday_after(open_call.last_day, days=10)))
    draft = tramits_services.draft_for(applicant=citizen, procedure=open_call.procedure)
    ApplicationDraft.objects.create(call=open_call, draft=draft)
    tramits_services.draft_save(draft=draft, answers={"titulacio": "Grau en Dret"})
    tramits_services.submission_register(
        draft=draft, device_class="desktop", at=old_closes_at + timedelta(hours=3)
    )
    application = Application.objects.select_related("call", "submission").get()
    assert application.submission.registered_at > old_closes_at
    assert application.filed_on_time


# --- The admin ----------------------------------------------------------------------


def extend_action(client, calls, **extra):
    return client.post(
        CHANGELIST,
        {"action": "extend_selected", "_selected_action": [c.pk for c in calls], **extra},
        follow=True,
    )


def test_admin_action_asks_then_extends(calls_admin, open_call):
    confirm = extend_action(calls_admin, [open_call])
    content = confirm.content.decode()
    assert "New last day to apply" in content
    assert "Public reason for the extension" in content
    assert open_call.last_day.strftime("%d/%m/%Y") in content
    assert not open_call.phases.exists()

    new_last = next_business_day(a_weekday_after(open_call.last_day, days=10))
    done = extend_action(
        calls_admin, [open_call], apply="1", new_last_day=new_last.isoformat(), reason=REASON
    )
    assert done.redirect_chain  # back to the list
    assert (
        f"{open_call.reference}: the last day to apply is now {new_last:%d/%m/%Y}."
        in done.content.decode()
    )
    open_call.refresh_from_db()
    assert open_call.last_day == new_last
    assert open_call.phases.get().kind == PhaseKind.EXTENSION


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"new_last_day": "", "reason": REASON}, "This field is required."),
        ({"new_last_day": "no és una data", "reason": REASON}, "Enter a valid date."),
        ({"reason": "  "}, "This field is required."),
        ({"days": 0, "reason": REASON}, "must be after the current one"),
        ({"days": -3, "reason": REASON}, "must be after the current one"),
    ],
)
def test_admin_action_bad_input_changes_nothing(calls_admin, open_call, data, message):
    data = dict(data)
    if "days" in data:
        data["new_last_day"] = (open_call.last_day + timedelta(days=data.pop("days"))).isoformat()
    data.setdefault("new_last_day", (open_call.last_day + timedelta(days=10)).isoformat())
    before = snapshot(open_call)
    response = extend_action(calls_admin, [open_call], apply="1", **data)
    assert response.status_code == 200
    assert not response.redirect_chain  # the form again, with the error
    assert message in response.content.decode()
    assert snapshot(open_call) == before


def test_admin_action_on_a_closed_call_says_why(calls_admin):
    call = CallFactory(closed=True)
    before = snapshot(call)
    response = extend_action(
        calls_admin,
        [call],
        apply="1",
        new_last_day=(official_today() + timedelta(days=30)).isoformat(),
        reason=REASON,
    )
    assert "must be decided before the period ends" in response.content.decode()
    assert snapshot(call) == before


def test_admin_action_takes_one_call_at_a_time(calls_admin):
    first, second = CallFactory(), CallFactory()
    response = extend_action(calls_admin, [first, second])
    assert "Choose exactly one call to extend." in response.content.decode()
    assert not Phase.objects.exists()


def test_staff_without_the_publish_permission_cannot_extend(client, open_call):
    user = UserFactory(email="becari@mollet.example", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_call", "change_call", "add_call"])
    )
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "extend_selected" not in client.get(CHANGELIST).content.decode()
    before = snapshot(open_call)
    extend_action(
        client,
        [open_call],
        apply="1",
        new_last_day=(open_call.last_day + timedelta(days=10)).isoformat(),
        reason=REASON,
    )
    assert snapshot(open_call) == before


def test_an_extension_phase_cannot_be_typed_by_hand(calls_admin, open_call):
    page = calls_admin.get(
        reverse("admin:convocatories_call_change", args=[open_call.pk])
    ).content.decode()
    assert '<option value="exam">' in page
    assert '<option value="extension"' not in page
