"""The statistics dashboard's charts, drawn on the server as SVG.

No JavaScript and no `style` attribute (the Content-Security-Policy allows
neither): shapes are placed and coloured with SVG presentation attributes.
Every chart is an `<svg role="img">` named by its `<title>` and described by
its `<desc>` (through aria-labelledby); the page shows a table with the same
figures beside it, for screen readers and for anyone who wants the numbers.

Charts are drawn in a viewBox 360 units wide, so on a 375 px phone a unit is
about a pixel; the stylesheet lets them grow up to a comfortable width on
larger screens (`.chart` in static/css/seu.css).
"""

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 360
# Colours on white: bars 9.5:1 (WCAG asks 3:1 for graphics), text 16:1 and
# 7.4:1, gridlines are decoration.
BAR_FILL = "#8c1d2f"
TEXT_FILL = "#1d1f23"
MUTED_FILL = "#4f5661"
GRID_STROKE = "#cfd4da"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"

# Column chart geometry.
PLOT_LEFT = 48  # room for the tick labels
PLOT_TOP = 20  # room for the value above the tallest column
PLOT_HEIGHT = 160
AXIS_ROOM = 40  # two lines of labels under the columns
MIN_SLOT_FOR_VALUES = 44  # narrower columns leave their values to the table
LABEL_WIDTH = 34  # what a month label ("set.") needs, to space them out

# Horizontal bars geometry: a label line, then the bar with its value after it.
ROW_HEIGHT = 44
BAR_HEIGHT = 16
VALUE_ROOM = 64  # "100,0 %" after the longest bar
MAX_LABEL_CHARS = 44


@dataclass(frozen=True)
class Bar:
    """One bar: what it is, how long it is, and the value as the reader reads it."""

    label: str
    value: float
    shown: str = ""
    sublabel: str = ""  # a second line under a column (the year under January)


def _number(value) -> str:
    return number_format(value, force_grouping=True)


def nice_step(maximum: float, *, ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that covers `maximum` in about `ticks`."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            step = factor * power
            break
    # Whole numbers for counts: a step of 0.5 visits means nothing.
    return max(1, round(step)) if maximum >= 1 else step


def _shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _frame(*, chart_id: str, title: str, description: str, height: float, body) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="{}-title {}-desc" focusable="false" '
        'font-family="{}" font-size="13" fill="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        _coordinate(height),
        chart_id,
        chart_id,
        FONT,
        TEXT_FILL,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def _coordinate(value: float) -> str:
    """A coordinate with at most one decimal, always with a dot (never localised)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _empty(*, chart_id: str, title: str, description: str) -> SafeString:
    body = format_html(
        '<text x="{}" y="40" text-anchor="middle" fill="{}">{}</text>',
        WIDTH // 2,
        MUTED_FILL,
        _("No data for this period"),
    )
    return _frame(chart_id=chart_id, title=title, description=description, height=64, body=body)


def column_chart(bars: list[Bar], *, chart_id: str, title: str, description: str) -> SafeString:
    """Vertical columns from a zero baseline (visits by month), with round gridlines.

    With many columns the labels under them are spaced out and the values on
    top are left out; the table beside the chart has every figure.
    """
    if not bars or all(bar.value <= 0 for bar in bars):
        return _empty(chart_id=chart_id, title=title, description=description)
    maximum = max(bar.value for bar in bars)
    step = nice_step(maximum)
    top = step * math.ceil(maximum / step)
    plot_width = WIDTH - PLOT_LEFT - 4
    slot = plot_width / len(bars)
    bar_width = max(2.0, slot * 0.7)
    baseline = PLOT_TOP + PLOT_HEIGHT
    parts = []

    for number in range(round(top / step) + 1):
        tick = number * step
        y = baseline - PLOT_HEIGHT * tick / top
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}</text>',
                PLOT_LEFT,
                _coordinate(y),
                WIDTH - 4,
                _coordinate(y),
                GRID_STROKE,
                PLOT_LEFT - 6,
                _coordinate(y + 4),
                MUTED_FILL,
                _number(round(tick, 6)),
            )
        )

    every = max(1, math.ceil(LABEL_WIDTH / slot))
    show_values = slot >= MIN_SLOT_FOR_VALUES
    for index, bar in enumerate(bars):
        height = PLOT_HEIGHT * max(bar.value, 0) / top
        x = PLOT_LEFT + index * slot + (slot - bar_width) / 2
        centre = PLOT_LEFT + index * slot + slot / 2
        parts.append(
            format_html(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                _coordinate(x),
                _coordinate(baseline - height),
                _coordinate(bar_width),
                _coordinate(height),
                BAR_FILL,
            )
        )
        if show_values:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
                    _coordinate(centre),
                    _coordinate(baseline - height - 5),
                    bar.shown or _number(bar.value),
                )
            )
        if index % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
                    _coordinate(centre),
                    baseline + 16,
                    bar.label,
                )
            )
            if bar.sublabel:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">'
                        "{}</text>",
                        _coordinate(centre),
                        baseline + 31,
                        MUTED_FILL,
                        bar.sublabel,
                    )
                )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/>',
            PLOT_LEFT,
            baseline,
            WIDTH - 4,
            baseline,
            MUTED_FILL,
        )
    )
    return _frame(
        chart_id=chart_id,
        title=title,
        description=description,
        height=baseline + AXIS_ROOM,
        body=mark_safe("".join(parts)),
    )


def bar_chart(bars: list[Bar], *, chart_id: str, title: str, description: str) -> SafeString:
    """Horizontal bars from a zero baseline (shares), each under its label, value after it.

    Bars are as long as their values, the longest one filling the width, so
    small shares stay visible and lengths still compare honestly.
    """
    if not bars or all(bar.value <= 0 for bar in bars):
        return _empty(chart_id=chart_id, title=title, description=description)
    maximum = max(bar.value for bar in bars)
    room = WIDTH - VALUE_ROOM
    rows = format_html_join(
        "",
        '<text x="0" y="{}">{}</text>'
        '<rect class="chart-bar" x="0" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" font-size="12" font-weight="700">{}</text>',
        (
            (
                index * ROW_HEIGHT + 14,
                _shorten(bar.label),
                index * ROW_HEIGHT + 20,
                _coordinate(max(room * max(bar.value, 0) / maximum, 1)),
                BAR_HEIGHT,
                BAR_FILL,
                _coordinate(max(room * max(bar.value, 0) / maximum, 1) + 6),
                index * ROW_HEIGHT + 20 + BAR_HEIGHT - 3,
                bar.shown or _number(bar.value),
            )
            for index, bar in enumerate(bars)
        ),
    )
    return _frame(
        chart_id=chart_id,
        title=title,
        description=description,
        height=len(bars) * ROW_HEIGHT,
        body=rows,
    )
