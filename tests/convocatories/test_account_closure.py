"""Closing an account cancels its alerts and forgets the call of its open draft."""

import pytest
from django.urls import reverse

from accounts.services import user_close
from convocatories import alerts
from convocatories.choices import CallKind
from convocatories.models import AlertSubscription, ApplicationDraft
from convocatories.services import application_start
from tests.convocatories.factories import CallFactory

pytestmark = pytest.mark.django_db


def live(email, **kwargs) -> AlertSubscription:
    kwargs.setdefault("kinds", [CallKind.JOB])
    subscription = alerts.subscription_request(email=email, language="en", **kwargs)
    return alerts.subscription_confirm(subscription=subscription)


def test_closing_cancels_the_alerts_of_the_account_and_its_address(citizen, other_citizen):
    to_address = live(citizen.email)
    followed = live(citizen.email, call=CallFactory())
    pending = alerts.subscription_request(email=citizen.email, language="en", call=CallFactory())
    linked_elsewhere = live("old.address@example.cat", call=CallFactory())
    AlertSubscription.objects.filter(pk=linked_elsewhere.pk).update(user=citizen)
    theirs = live(other_citizen.email)
    stranger = live("someone@example.cat")

    user_close(user=citizen)

    for subscription in (to_address, followed, pending, linked_elsewhere):
        subscription.refresh_from_db()
        assert subscription.unsubscribed_at is not None, subscription
    for subscription in (theirs, stranger):
        subscription.refresh_from_db()
        assert subscription.is_active


def test_closing_forgets_the_call_of_the_open_draft(citizen, open_call):
    application_start(call=open_call, applicant=citizen)
    assert ApplicationDraft.objects.exists()
    user_close(user=citizen)
    assert not ApplicationDraft.objects.exists()


def test_the_close_page_says_the_alerts_stop(client_logged_in, citizen, password):
    subscription = live(citizen.email)
    page = client_logged_in.get(reverse("accounts:close")).content.decode()
    assert "Your alerts of the calls stop" in page

    client_logged_in.post(reverse("accounts:close"), {"password": password})

    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
