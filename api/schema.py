"""The OpenAPI 3.0.3 document of the API, served at /api/v1/openapi.json.

Written by hand beside the code it describes: when a view, a parameter or a
field changes, change it here too. tests/api/test_schema.py checks that every
route is documented and every documented path answers, and validates real
answers against the schemas below (which allow no undocumented field).
"""

from django.conf import settings

from api.params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_TEXT_LENGTH
from convocatories.choices import JobGroup, PhaseKind, PostType, SelectionSystem
from convocatories.data import CALL_KINDS, CALL_STATUSES
from tauler.data import NOTICE_STATES
from tramits.choices import DeadlineUnit, SilenceEffect
from tramits.data import AUDIENCES

VERSION = "1.0.0"
DATA_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}

DESCRIPTION = f"""\
Read-only open data of the seu electrònica: the notices of the electronic notice
board (tauler d'anuncis), the catalogue of procedures (tràmits) and the job and
grant calls (convocatòries). It shows exactly what the public pages show, and
nothing more.

**Licence of the data.** The data is published under the Creative Commons
Attribution 4.0 licence (CC BY 4.0): reuse it freely, crediting the council as
its source. The legally binding text of a notice is the one on the notice board
and in its sealed documents.

**Format.** JSON in UTF-8. Datetimes are ISO 8601 with the offset of
Europe/Madrid (`2026-03-12T09:30:00+01:00`). The `url` fields link to the seu's
pages in its default language (Catalan), whatever the request's Accept-Language.

**Parameters.** An empty value counts as absent (`?state=` is no filter), and
unknown parameters are ignored. A value that cannot be read is answered with
400 and an `Error` naming the parameter.

**Pagination.** Lists are paginated: `page` counts from 1 and `page_size` is
{DEFAULT_PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}. A larger `page_size` is
refused with 400 rather than silently reduced. A page past the last is 404,
except page 1 of an empty list, which is an empty `results`. Follow `next` until
it is null to read a whole list.

**Caching and CORS.** Answers may be cached for 60 seconds
(`Cache-Control: public, max-age=60`) and can be read from any origin
(`Access-Control-Allow-Origin: *`). Methods other than GET, HEAD and OPTIONS
are answered with 405.
"""


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _object(properties: dict, *, description: str = "", required: list | None = None) -> dict:
    schema = {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _page_of(item: str) -> dict:
    return _object(
        {
            "count": {"type": "integer", "minimum": 0, "description": "Rows in the whole list."},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "next": _nullable(
                {
                    "type": "string",
                    "format": "uri",
                    "description": "The next page; null on the last.",
                }
            ),
            "previous": _nullable(
                {"type": "string", "format": "uri", "description": "null on the first page."}
            ),
            "results": {"type": "array", "items": _ref(item)},
        },
        description=f"One page of a list of {item} objects.",
    )


DATETIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
MONEY = {
    "type": "string",
    "pattern": r"^[0-9]+\.[0-9]{2}$",
    "description": "Euros, with two decimals, as a string.",
}
URL = {"type": "string", "format": "uri"}
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

SCHEMAS = {
    "Named": _object(
        {"slug": {"type": "string", "pattern": SLUG_PATTERN}, "name": {"type": "string"}},
        description="A category, department or topic: its slug filters lists.",
    ),
    "NoticeDocument": _object(
        {
            "title": {"type": "string"},
            "size": {"type": "integer", "minimum": 0, "description": "In bytes."},
            "sha256": {
                "type": "string",
                "pattern": "^[0-9a-f]{64}$",
                "description": "Fingerprint of the PDF, as the publication log records it.",
            },
            "url": {**URL, "description": "Download of the PDF."},
        },
        description="A PDF published with a notice.",
    ),
    "Notice": _object(
        {
            "number": {
                "type": "string",
                "pattern": r"^[0-9]{4}/[0-9]{6}$",
                "example": "2026/000123",
                "description": "Year of publication and sequence; /notices/{year}/{sequence} "
                "gives the notice (2026/000123 is /notices/2026/123).",
            },
            "title": {"type": "string"},
            "text": {"type": "string", "description": "Plain text."},
            "category": _ref("Named"),
            "department": _ref("Named"),
            "case_reference": {
                "type": "string",
                "description": "File number of the case, e.g. 2026/1234-URB; may be empty.",
            },
            "state": {
                "type": "string",
                "enum": list(NOTICE_STATES),
                "description": "At the moment of the answer.",
            },
            "start": {**DATETIME, "description": "Start of publication."},
            "end": _nullable(
                {
                    **DATETIME,
                    "description": "When it comes down: 00:00 after the last business day "
                    "of the period. null if permanent.",
                }
            ),
            "business_days": _nullable(
                {
                    "type": "integer",
                    "minimum": 1,
                    "description": "The period in business days, counted from the day after "
                    "the start. null if permanent.",
                }
            ),
            "natural_days": _nullable(
                {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Calendar days from the start to the end. null if permanent.",
                }
            ),
            "permanent": {"type": "boolean"},
            "pinned": {"type": "boolean", "description": "Shown first on the board."},
            "corrects": _nullable(
                {"type": "string", "description": "Number of the notice this one corrects."}
            ),
            "cancelled": _nullable({**DATETIME, "description": "When it was cancelled."}),
            "cancelled_reason": _nullable(
                {"type": "string", "description": "The public reason; null unless cancelled."}
            ),
            "url": {**URL, "description": "The notice's page on the board."},
            "documents": {"type": "array", "items": _ref("NoticeDocument")},
        },
        description="A notice of the electronic notice board (edict or announcement); "
        "`department` is the issuing department.",
    ),
    "Procedure": _object(
        {
            "slug": {"type": "string", "pattern": SLUG_PATTERN},
            "title": {"type": "string"},
            "summary": {"type": "string", "description": "What the procedure is for."},
            "topic": _ref("Named"),
            "department": _ref("Named"),
            "audiences": {
                "type": "array",
                "items": {"type": "string", "enum": list(AUDIENCES)},
                "uniqueItems": True,
                "description": "Who it is for.",
            },
            "available_online": {
                "type": "boolean",
                "description": "It can be submitted online from the seu.",
            },
            "in_person": {
                "type": "boolean",
                "description": "It can be submitted at the Citizen Service Office.",
            },
            "fees": {"type": "string", "description": "Empty when it is free."},
            "resolution_deadline": _object(
                {
                    "value": {"type": "integer", "minimum": 0},
                    "unit": {"type": "string", "enum": list(DeadlineUnit.values)},
                },
                description="How long the council has to resolve.",
            ),
            "silence_effect": {
                "type": "string",
                "enum": list(SilenceEffect.values),
                "description": "What the applicant may take as the answer if the council does "
                "not resolve in time.",
            },
            "url": {**URL, "description": "The procedure's page in the catalogue."},
        },
        description="A procedure (tràmit) of the council's catalogue; `department` is the "
        "one that processes its cases.",
    ),
    "CallDocument": _object(
        {
            "title": {"type": "string"},
            "size": {"type": "integer", "minimum": 0, "description": "In bytes."},
            "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "url": {**URL, "description": "Download of the PDF."},
        },
        description="A document of a call or of one of its phases.",
    ),
    "CallPhase": _object(
        {
            "kind": {"type": "string", "enum": list(PhaseKind.values)},
            "title": {"type": "string", "description": "The phase's own title or its name."},
            "date": DATE,
            "ends_on": _nullable({**DATE, "description": "For a phase of several days."}),
            "time": _nullable(
                {
                    "type": "string",
                    "pattern": r"^[0-2][0-9]:[0-5][0-9]$",
                    "description": "HH:MM in Europe/Madrid, for exams.",
                }
            ),
            "place": {"type": "string", "description": "May be empty."},
            "text": {"type": "string"},
            "published": {**DATETIME, "description": "When the phase was made public."},
            "documents": {"type": "array", "items": _ref("CallDocument")},
        },
        description="A step of a call's timeline: bases, lists, exams, results, award.",
    ),
    "Call": _object(
        {
            "slug": {"type": "string", "pattern": SLUG_PATTERN},
            "reference": {"type": "string", "description": "File number, e.g. 2026/OP-007."},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": list(CALL_KINDS)},
            "status": {
                "type": "string",
                "enum": list(CALL_STATUSES),
                "description": "At the moment of the answer.",
            },
            "department": _ref("Named"),
            "summary": {"type": "string"},
            "text": {"type": "string", "description": "Plain text; may be empty."},
            "application_period": _nullable(
                _object(
                    {
                        "first_day": DATE,
                        "last_day": {
                            **DATE,
                            "description": "Included; already moved past a non-business day.",
                        },
                        "closes": {
                            **DATETIME,
                            "description": "The first moment after the period: 00:00 after "
                            "the last day.",
                        },
                    },
                    description="null while the dates are not known.",
                )
            ),
            "published": DATETIME,
            "resolved": _nullable(DATETIME),
            "cancelled": _nullable(DATETIME),
            "cancelled_reason": _nullable(
                {"type": "string", "description": "The public reason; null unless cancelled."}
            ),
            "job": _nullable(
                _object(
                    {
                        "position": {"type": "string"},
                        "group": _nullable({"type": "string", "enum": list(JobGroup.values)}),
                        "post_type": _nullable({"type": "string", "enum": list(PostType.values)}),
                        "places": _nullable({"type": "integer", "minimum": 1}),
                        "selection_system": _nullable(
                            {"type": "string", "enum": list(SelectionSystem.values)}
                        ),
                    },
                    description="For public job calls; null for the other kinds.",
                )
            ),
            "funding": _nullable(
                _object(
                    {
                        "total_budget": _nullable(MONEY),
                        "max_per_beneficiary": _nullable(MONEY),
                        "beneficiaries": {"type": "string", "description": "Who can apply."},
                        "bdns_code": {
                            "type": "string",
                            "description": "Code in the national grants database (BDNS); "
                            "may be empty.",
                        },
                    },
                    description="For grants, scholarships and subsidies; null for job calls.",
                )
            ),
            "procedure": _nullable(
                _object(
                    {
                        "slug": {"type": "string", "pattern": SLUG_PATTERN},
                        "title": {"type": "string"},
                        "url": URL,
                    },
                    description="The procedure to apply through.",
                )
            ),
            "bases": _nullable(
                _object(
                    {
                        "size": _nullable({"type": "integer", "minimum": 0}),
                        "sha256": {"type": "string"},
                        "url": URL,
                    },
                    description="The bases document (PDF).",
                )
            ),
            "phases": {"type": "array", "items": _ref("CallPhase")},
            "documents": {
                "type": "array",
                "items": _ref("CallDocument"),
                "description": "Documents of the call as a whole (phases carry their own).",
            },
            "url": {**URL, "description": "The call's page."},
            "calendar": {
                **URL,
                "description": "iCalendar file with the application period, the deadline "
                "and the exams.",
            },
        },
        description="A public job call or a call for grants, scholarships or subsidies.",
    ),
    "NoticePage": _page_of("Notice"),
    "CallPage": _page_of("Call"),
    "ProcedurePage": _page_of("Procedure"),
    "Error": _object(
        {
            "error": {"type": "string", "description": "What went wrong, in English."},
            "parameter": {
                "type": "string",
                "description": "The query parameter at fault, when there is one.",
            },
        },
        description="The body of every 4xx answer.",
        required=["error"],
    ),
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _path(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


SLUG = {"type": "string", "pattern": SLUG_PATTERN}
BOOLEAN = {"type": "string", "enum": ["true", "false"]}
TEXT = {"type": "string", "maxLength": MAX_TEXT_LENGTH}

PARAMETERS = {
    "page": _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number, from 1."),
    "page_size": _query(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        f"Rows per page; over {MAX_PAGE_SIZE} is refused with 400.",
    ),
    "notice_state": _query(
        "state",
        {"type": "string", "enum": list(NOTICE_STATES)},
        "on_display: on the board now; finished: its period is over; cancelled: withdrawn, "
        "with a public reason.",
    ),
    "notice_category": _query(
        "category", SLUG, "Slug of a category; an unknown one matches nothing."
    ),
    "notice_department": _query(
        "department", SLUG, "Slug of the issuing department; an unknown one matches nothing."
    ),
    "notice_year": _query(
        "year",
        {"type": "integer", "minimum": 1, "maximum": 9999},
        "Calendar year of the start of publication (Europe/Madrid).",
    ),
    "notice_month": _query(
        "month",
        {"type": "integer", "minimum": 1, "maximum": 12},
        "Month of the start of publication (Europe/Madrid), in any year unless `year` is given.",
    ),
    "notice_q": _query(
        "q",
        TEXT,
        "Words to look for, matched as the notice board's archive does: every word, or the "
        "start of it, must appear in the title, text or case reference, in any letter case, "
        "with or without accents and with 'l·l' or 'll'; a case reference may be given "
        "whole or by its start. The best matches come first, then the newest.",
    ),
    "notice_pinned": _query("pinned", BOOLEAN, "Only pinned notices (true) or only the others."),
    "procedure_q": _query(
        "q",
        TEXT,
        "Words to look for, matched as the site's search does: every word, or the start of "
        "it, must appear in the title, summary, description or topic, in any letter case, "
        "with or without accents and with 'l·l' or 'll'. The best matches come first.",
    ),
    "procedure_topic": _query("topic", SLUG, "Slug of a topic; an unknown one matches nothing."),
    "procedure_audience": _query(
        "audience",
        {"type": "string", "enum": list(AUDIENCES)},
        "Only procedures for this audience.",
    ),
    "procedure_online": _query(
        "online", BOOLEAN, "Only procedures that can be done online (true) or only the others."
    ),
    "call_kind": _query("kind", {"type": "string", "enum": list(CALL_KINDS)}, "Only this kind."),
    "call_status": _query(
        "status",
        {"type": "string", "enum": list(CALL_STATUSES)},
        "upcoming: published, not open yet; open: taking applications now; in_progress: the "
        "period is over, the selection or award goes on; resolved; cancelled.",
    ),
    "call_department": _query(
        "department", SLUG, "Slug of the department; an unknown one matches nothing."
    ),
    "call_q": _query(
        "q",
        TEXT,
        "Words to look for, matched as the site's search does: every word, or the start of "
        "it, must appear in the title, summary, text or position, in any letter case, with "
        "or without accents and with 'l·l' or 'll'; a query with digits also matches "
        "references (2026/OP-007). The best matches come first.",
    ),
}


def _parameters(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


RESPONSES = {
    "BadRequest": _json(_ref("Error"), "A parameter cannot be read."),
    "NotFound": _json(_ref("Error"), "No such object, or not public."),
    "PageNotFound": _json(_ref("Error"), "A page past the last one."),
}


def _response(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


PATHS = {
    "/notices": {
        "get": {
            "operationId": "listNotices",
            "tags": ["notices"],
            "summary": "Notices of the board",
            "description": "Published notices whose publication has started, on display, "
            "finished or cancelled (with the reason), newest first. Scheduled notices "
            "appear when their start comes.",
            "parameters": _parameters(
                "notice_state",
                "notice_category",
                "notice_department",
                "notice_year",
                "notice_month",
                "notice_q",
                "notice_pinned",
                "page",
                "page_size",
            ),
            "responses": {
                "200": _json(_ref("NoticePage"), "One page of notices."),
                "400": _response("BadRequest"),
                "404": _response("PageNotFound"),
            },
        }
    },
    "/notices/{year}/{sequence}": {
        "get": {
            "operationId": "getNotice",
            "tags": ["notices"],
            "summary": "One notice",
            "parameters": [
                _path("year", {"type": "integer", "minimum": 1}, "Year of the notice number."),
                _path(
                    "sequence",
                    {"type": "integer", "minimum": 1},
                    "Sequence of the notice number, without leading zeros.",
                ),
            ],
            "responses": {
                "200": _json(_ref("Notice"), "The notice."),
                "404": _response("NotFound"),
            },
        }
    },
    "/procedures": {
        "get": {
            "operationId": "listProcedures",
            "tags": ["procedures"],
            "summary": "Catalogue of procedures",
            "description": "Published procedures, by title (best matches first when q is given).",
            "parameters": _parameters(
                "procedure_q",
                "procedure_topic",
                "procedure_audience",
                "procedure_online",
                "page",
                "page_size",
            ),
            "responses": {
                "200": _json(_ref("ProcedurePage"), "One page of procedures."),
                "400": _response("BadRequest"),
                "404": _response("PageNotFound"),
            },
        }
    },
    "/procedures/{slug}": {
        "get": {
            "operationId": "getProcedure",
            "tags": ["procedures"],
            "summary": "One procedure",
            "parameters": [_path("slug", SLUG, "The procedure's slug, as in its page's address.")],
            "responses": {
                "200": _json(_ref("Procedure"), "The procedure."),
                "404": _response("NotFound"),
            },
        }
    },
    "/calls": {
        "get": {
            "operationId": "listCalls",
            "tags": ["calls"],
            "summary": "Job and grant calls",
            "description": "Published calls, as the list page orders them: open calls by the "
            "nearest deadline, upcoming ones by opening date, any other list newest first.",
            "parameters": _parameters(
                "call_kind", "call_status", "call_department", "call_q", "page", "page_size"
            ),
            "responses": {
                "200": _json(_ref("CallPage"), "One page of calls."),
                "400": _response("BadRequest"),
                "404": _response("PageNotFound"),
            },
        }
    },
    "/calls/{slug}": {
        "get": {
            "operationId": "getCall",
            "tags": ["calls"],
            "summary": "One call",
            "parameters": [_path("slug", SLUG, "The call's slug, as in its page's address.")],
            "responses": {
                "200": _json(_ref("Call"), "The call."),
                "404": _response("NotFound"),
            },
        }
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApiDocument",
            "tags": ["meta"],
            "summary": "This document",
            "responses": {"200": _json({"type": "object"}, "The OpenAPI 3.0.3 document.")},
        }
    },
}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"Open data API of the seu electrònica · {settings.SEU_COUNCIL_NAME}",
            "version": VERSION,
            "description": DESCRIPTION,
            "license": DATA_LICENCE,
            "contact": {"name": settings.SEU_COUNCIL_NAME, "email": settings.SEU_COUNCIL["email"]},
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [
            {"name": "notices", "description": "The electronic notice board (tauler d'anuncis)."},
            {"name": "procedures", "description": "The catalogue of procedures (tràmits)."},
            {"name": "calls", "description": "Job and grant calls (convocatòries)."},
            {"name": "meta", "description": "About the API itself."},
        ],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS, "responses": RESPONSES},
    }
