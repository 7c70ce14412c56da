import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_changelist_lists_users_and_searches_documents(admin_client, citizen):
    UserFactory(unverified=True, email="pending@example.cat")
    url = reverse("admin:accounts_user_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert citizen.email in response.content.decode()
    found = admin_client.get(url, {"q": "12345678Z"})
    assert citizen.email in found.content.decode()
    for query in ({"verified": "no"}, {"closed": "yes"}, {"is_staff__exact": "1"}):
        assert admin_client.get(url, query).status_code == 200


def test_admin_change_page_renders_with_read_only_dates(admin_client, citizen):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[citizen.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "date_joined" not in form.fields
    assert "email_verified_at" not in form.fields


def test_admin_add_form_creates_a_user_with_email_and_password(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Clerk@Mollet.example",
            "full_name": "Pere Roca",
            "id_document_type": "dni",
            "id_document_number": "",
            "usable_password": "true",
            "password1": "a-long-Clerk-password-2026",
            "password2": "a-long-Clerk-password-2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.clerk@mollet.example")
    assert user.check_password("a-long-Clerk-password-2026")
    assert user.full_name == "Pere Roca"


def test_admin_add_form_refuses_an_address_in_use(admin_client, citizen):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": citizen.email.upper(),
            "full_name": "Someone",
            "id_document_type": "dni",
            "usable_password": "true",
            "password1": "a-long-Clerk-password-2026",
            "password2": "a-long-Clerk-password-2026",
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors


def test_admin_action_marks_addresses_verified(admin_client):
    pending = UserFactory(unverified=True)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "mark_email_verified", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.email_verified


def test_admin_is_closed_to_citizens(client_logged_in):
    response = client_logged_in.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
