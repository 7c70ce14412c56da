"""manage.py stats_report --since YYYY-MM-DD --until YYYY-MM-DD [--format json|text]."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from estadistiques.reports import build_report

LABEL_WIDTH = 28


def parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date written YYYY-MM-DD, not {value!r}.") from None


def duration(seconds: float) -> str:
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def text_report(report: dict) -> str:
    """The report as aligned lines: labels on the left, figures right-aligned in one column."""
    rows = []  # (label, figure, note); a label alone is a heading, None a blank line

    def block(title, items, unit=""):
        rows.append((title, "", ""))
        if not items:
            rows.append(("  (none)", "", ""))
        for name, value in items:
            shown = f"{value:.1f} %" if unit == "%" else f"{value:,}"
            rows.append((f"  {name}", shown, ""))

    average = report["avg_visit_seconds"]
    rows += [
        ("Unique visitors", f"{report['unique_visitors']:,}", ""),
        ("Visits", f"{report['visits']:,}", ""),
        ("Page views", f"{report['pageviews']:,}", ""),
        ("Average visit", duration(average), f"({average:.1f} s)"),
        (
            "Registry from phone/tablet",
            f"{report['mobile_registry_share']:.1f} %",
            f"(of {report['registry_entries']:,} entries)",
        ),
        None,
    ]
    block("Visits by month", report["visits_by_month"].items())
    block("Page views by section", report["section_share"].items(), "%")
    block("Visits by device", report["device_share"].items(), "%")
    block("Visits by city", report["city_share"].items(), "%")
    block("Top pages (page views)", report["top_pages"])
    block("Top referrers (visits)", report["top_referrers"])
    block("Top cities (visits)", report["top_cities"])

    width = max(LABEL_WIDTH, *(len(row[0]) for row in rows if row and row[1]))
    figure_width = max(len(row[1]) for row in rows if row)
    out = [
        f"Usage statistics from {report['since']} to {report['until']} "
        f"(visitor keys with a {report['salt_period']} salt)",
        "",
    ]
    for row in rows:
        if row is None:
            out.append("")
        elif not row[1]:
            out.append(row[0])
        else:
            label, figure, note = row
            out.append(f"{label:<{width}} {figure:>{figure_width}}" + (f"  {note}" if note else ""))
    return "\n".join(out)


class Command(BaseCommand):
    help = "Print the usage figures of a period (Europe/Madrid days, both included)."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--until", required=True, help="Last day, YYYY-MM-DD (included).")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--top", type=int, default=10, help="Length of the top lists.")

    def handle(self, *args, **options):
        since = parse_day(options["since"], "--since")
        until = parse_day(options["until"], "--until")
        if until < since:
            raise CommandError("--until must not be before --since.")
        if options["top"] < 1:
            raise CommandError("--top must be at least 1.")
        report = build_report(since, until, top=options["top"])
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(text_report(report))
