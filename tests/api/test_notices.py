from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.api.conftest import PDF_BYTES, madrid

LIST = "/api/v1/notices"


def numbers(response) -> list[str]:
    return [notice["number"] for notice in response.json()["results"]]


def page_url(obj) -> str:
    """The seu's page of an object, in the default language, as the API links it."""
    with translation.override("ca"):
        return "http://testserver" + obj.get_absolute_url()


@pytest.mark.django_db
def test_notice_list_shows_public_notices_newest_first(client, board):
    response = client.get(LIST)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    expected = [board[name].number for name in ("on_display", "cancelled", "permanent", "finished")]
    assert numbers(response) == expected
    assert body["count"] == 4
    assert (body["page"], body["page_size"], body["next"], body["previous"]) == (1, 20, None, None)


@pytest.mark.django_db
def test_scheduled_and_draft_notices_never_appear(client, board):
    seen = set()
    for query in ("", "?state=on_display", "?q=programat", "?q=Esborrany", "?pinned=false"):
        seen.update(numbers(client.get(LIST + query)))

    assert board["scheduled"].number not in seen
    assert board["draft"].number is None
    assert "Esborrany" not in client.get(LIST).content.decode()
    scheduled = board["scheduled"]
    assert client.get(f"{LIST}/{scheduled.year}/{scheduled.sequence}").status_code == 404


@pytest.mark.django_db
def test_notice_detail_gives_every_field(client, board):
    notice = board["permanent"]

    response = client.get(f"{LIST}/{notice.year}/{notice.sequence}")

    assert response.status_code == 200
    data = response.json()
    documents = list(notice.documents.all())
    assert data == {
        "number": "2025/000001",
        "title": "Ordenança de circulació",
        "text": "Aprovació inicial de l'ordenança municipal de circulació.",
        "category": {"slug": "urbanisme", "name": "Urbanisme"},
        "department": {"slug": "urbanisme", "name": "Urbanisme"},
        "case_reference": "2025/0042-URB",
        "state": "on_display",
        "start": "2025-06-02T09:00:00+02:00",
        "end": None,
        "business_days": None,
        "natural_days": None,
        "permanent": True,
        "pinned": True,
        "corrects": None,
        "cancelled": None,
        "cancelled_reason": None,
        "url": page_url(notice),
        "documents": [
            {
                "title": document.title,
                "size": len(PDF_BYTES),
                "sha256": document.sha256,
                "url": page_url(document),
            }
            for document in documents
        ],
    }
    assert [d["title"] for d in data["documents"]] == ["Document 1", "Document 2"]
    assert data["url"].startswith("http://testserver/ca/")


@pytest.mark.django_db
def test_finished_notice_gives_its_period_in_madrid_time(client, board):
    notice = board["finished"]

    data = client.get(f"{LIST}/{notice.year}/{notice.sequence}").json()

    # Ten business days from Tuesday 4 March 2025: it comes down at 00:00 on Tuesday 18.
    assert data["state"] == "finished"
    assert data["start"] == "2025-03-03T09:00:00+01:00"
    assert data["end"] == "2025-03-18T00:00:00+01:00"
    assert (data["business_days"], data["natural_days"]) == (10, 15)
    assert data["permanent"] is False


@pytest.mark.django_db
def test_cancelled_notice_appears_with_its_reason(client, board):
    notice = board["cancelled"]

    data = client.get(f"{LIST}/{notice.year}/{notice.sequence}").json()
    listed = client.get(LIST + "?state=cancelled").json()["results"]

    assert data["state"] == "cancelled"
    assert data["cancelled"] == "2025-06-12T10:00:00+02:00"
    assert data["cancelled_reason"] == "Error en el plec de condicions."
    assert listed == [data]


@pytest.mark.django_db
def test_a_correction_names_the_notice_it_corrects(client, board, make_notice):
    original = board["finished"]
    correction = make_notice(start=timezone.now() - timedelta(hours=1), corrects=original)

    data = client.get(f"{LIST}/{correction.year}/{correction.sequence}").json()

    assert data["corrects"] == original.number


@pytest.mark.django_db
def test_unknown_notice_is_a_json_404(client, board):
    response = client.get(f"{LIST}/1999/1")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Not found."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "names"),
    [
        ("on_display", ["on_display", "permanent"]),
        ("finished", ["finished"]),
        ("cancelled", ["cancelled"]),
    ],
)
def test_notice_list_filters_by_state(client, board, state, names):
    response = client.get(LIST, {"state": state})

    assert numbers(response) == [board[name].number for name in names]
    assert {n["state"] for n in response.json()["results"]} == {state}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"category": "urbanisme"}, ["permanent", "finished"]),
        ({"category": "no-such-category"}, []),
        ({"department": "recursos-humans"}, ["on_display"]),
        ({"department": "secretaria"}, ["cancelled", "finished"]),
        ({"year": "2025"}, ["cancelled", "permanent", "finished"]),
        ({"year": "2025", "month": "6"}, ["cancelled", "permanent"]),
        ({"year": "2025", "month": "3"}, ["finished"]),
        ({"pinned": "true"}, ["permanent"]),
        ({"pinned": "false"}, ["on_display", "cancelled", "finished"]),
        ({"q": "PRESSUPOST"}, ["finished"]),
        ({"q": "general pressupost"}, ["finished"]),
        ({"q": "ordenança circulació"}, ["permanent"]),
        ({"q": "0042-urb"}, ["permanent"]),
        ({"q": "pressupost neteja"}, []),
        # As the board's archive searches: accents and case do not matter, words
        # match by their start, a case reference by its start.
        ({"q": "ordenanca circulacio"}, ["permanent"]),
        ({"q": "CONVOCATORIA plac auxil"}, ["on_display"]),
        ({"q": "2025/0042"}, ["permanent"]),
        ({"q": "neteja -licitacio"}, []),
        ({"category": "urbanisme", "state": "finished"}, ["finished"]),
        # Empty values are no filter, as an HTML form sends them.
        (
            {"state": "", "q": " ", "pinned": "", "year": ""},
            ["on_display", "cancelled", "permanent", "finished"],
        ),
    ],
)
def test_notice_list_filters(client, board, query, names):
    response = client.get(LIST, query)

    assert response.status_code == 200
    assert numbers(response) == [board[name].number for name in names]
    assert response.json()["count"] == len(names)


@pytest.mark.django_db
def test_year_and_month_are_those_of_madrid(client, make_notice):
    # 23:30 on 30 June in Madrid is June; 00:30 on 1 July is July although it
    # is still 30 June in UTC.
    june = make_notice(start=madrid(2025, 6, 30, 23, 30))
    july = make_notice(start=madrid(2025, 7, 1, 0, 30))

    assert numbers(client.get(LIST, {"year": 2025, "month": 6})) == [june.number]
    assert numbers(client.get(LIST, {"year": 2025, "month": 7})) == [july.number]
    assert numbers(client.get(LIST, {"month": 6})) == [june.number]


@pytest.mark.django_db
def test_notice_list_costs_the_same_queries_for_many_notices(
    client, make_notice, django_assert_max_num_queries
):
    for day in range(1, 26):
        make_notice(start=madrid(2025, 4, day, 9, 0), documents=2, business_days=None)

    # The count, the page (with category, department and corrected notice) and the documents.
    with django_assert_max_num_queries(3):
        response = client.get(LIST, {"page_size": 25})

    assert len(response.json()["results"]) == 25
    assert all(len(n["documents"]) == 2 for n in response.json()["results"])


@pytest.mark.django_db
def test_notice_detail_costs_two_queries(client, board, django_assert_max_num_queries):
    notice = board["permanent"]

    with django_assert_max_num_queries(2):
        response = client.get(f"{LIST}/{notice.year}/{notice.sequence}")

    assert response.status_code == 200


@pytest.mark.django_db
def test_state_is_read_at_the_moment_of_the_request(client, board):
    notice = board["on_display"]
    url = f"{LIST}/{notice.year}/{notice.sequence}"

    assert client.get(url).json()["state"] == "on_display"
    notice.end_at = timezone.now() - timedelta(minutes=1)
    notice.save(update_fields=["end_at"])
    assert client.get(url).json()["state"] == "finished"
    assert (
        reverse("api:notice-detail", kwargs={"year": notice.year, "sequence": notice.sequence})
        == url
    )
