"""Corporate information: the council, its government, bodies, offices, rules and pages."""

# LocalHoliday first: corporativa.business_days imports it from this package.
from corporativa.models.bodies import MunicipalBody, Session, SessionDocument
from corporativa.models.calendar import LocalHoliday, LocalHolidayQuerySet
from corporativa.models.council import Council
from corporativa.models.government import Person, PoliticalGroup
from corporativa.models.numbering import NumberSeries, YearlyCounter
from corporativa.models.offices import (
    Department,
    Office,
    OpeningHours,
    SpecialHours,
    SpecialPeriod,
)
from corporativa.models.pages import Faq, FaqTopic, Page
from corporativa.models.regulations import Regulation, RegulationDocument
from corporativa.models.reports import AccessibilityReport

__all__ = [
    "AccessibilityReport",
    "Council",
    "Department",
    "Faq",
    "FaqTopic",
    "LocalHoliday",
    "LocalHolidayQuerySet",
    "MunicipalBody",
    "NumberSeries",
    "Office",
    "OpeningHours",
    "Page",
    "Person",
    "PoliticalGroup",
    "Regulation",
    "RegulationDocument",
    "Session",
    "SessionDocument",
    "SpecialHours",
    "SpecialPeriod",
    "YearlyCounter",
]
