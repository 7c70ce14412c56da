"""The dashboard's SVG charts: well-formed, accessible, proportional, CSP-safe."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from estadistiques.charts import WIDTH, Bar, bar_chart, column_chart, nice_step

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def bars(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "chart-bar"]


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def months(values):
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return [
        Bar(label=names[index % 12], value=value, sublabel="2026" if index == 0 else "")
        for index, value in enumerate(values)
    ]


@pytest.mark.parametrize("draw", [column_chart, bar_chart])
def test_chart_is_an_image_named_by_its_title_and_description(draw):
    root = parse(
        draw(
            [Bar("Desktop", 60), Bar("Mobile", 33), Bar("Tablet", 7)],
            chart_id="chart-x",
            title="Share of visits by device",
            description="The largest share is Desktop.",
        )
    )
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-x-title chart-x-desc"
    assert root.find(f"{SVG}title").get("id") == "chart-x-title"
    assert root.find(f"{SVG}title").text == "Share of visits by device"
    assert root.find(f"{SVG}desc").get("id") == "chart-x-desc"
    assert root.find(f"{SVG}desc").text == "The largest share is Desktop."
    # It scales: a viewBox and no fixed size in pixels.
    assert root.get("viewBox").startswith(f"0 0 {WIDTH} ")
    assert root.get("width") is None and root.get("height") is None


@pytest.mark.parametrize("draw", [column_chart, bar_chart])
def test_chart_has_no_style_attribute_nor_script(draw):
    svg = str(draw(months([5, 10, 0, 7]), chart_id="c", title="T", description="D"))
    root = parse(svg)
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert not any(name.startswith("on") for name in element.attrib), element.tag
    assert "<script" not in svg and "<style" not in svg


def test_column_heights_are_proportional_from_a_zero_baseline():
    root = parse(column_chart(months([10, 20, 0, 40]), chart_id="m", title="T", description="D"))
    rects = bars(root)
    assert len(rects) == 4
    heights = [float(rect.get("height")) for rect in rects]
    assert heights[2] == 0
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.1)
    assert heights[3] == pytest.approx(4 * heights[0], abs=0.1)
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in rects}
    assert len(bottoms) == 1  # every column stands on the same baseline
    for rect in rects:
        assert (
            float(rect.get("x")) >= 0 and float(rect.get("x")) + float(rect.get("width")) <= WIDTH
        )


def test_column_chart_gridlines_are_round_numbers_covering_the_maximum():
    root = parse(column_chart(months([130, 870]), chart_id="m", title="T", description="D"))
    labels = texts(root)
    # A step of 1, 2 or 5 times a power of ten: 0, 500, 1,000.
    assert {"0", "500", "1,000"} <= set(labels)
    assert "250" not in labels


def test_few_columns_show_their_values_and_every_label():
    root = parse(
        column_chart(
            [Bar("May", 1234, shown="1,234", sublabel="2026"), Bar("Jun", 56, shown="56")],
            chart_id="m",
            title="T",
            description="D",
        )
    )
    labels = texts(root)
    assert {"1,234", "56", "May", "Jun", "2026"} <= set(labels)


def test_many_columns_space_out_their_labels_and_leave_values_to_the_table():
    values = list(range(1, 37))  # three years of months
    root = parse(column_chart(months(values), chart_id="m", title="T", description="D"))
    assert len(bars(root)) == 36
    labels = texts(root)
    month_labels = [label for label in labels if label in {"Jan", "Feb", "Mar", "Apr", "May"}]
    assert 0 < len(month_labels) < 36
    assert "36" not in labels  # the value of the tallest column is not written on it


def test_horizontal_bars_are_proportional_with_their_values_written():
    root = parse(
        bar_chart(
            [Bar("Procedures", 50.0, shown="50.0 %"), Bar("Home page", 25.0, shown="25.0 %")],
            chart_id="s",
            title="T",
            description="D",
        )
    )
    first, second = (float(rect.get("width")) for rect in bars(root))
    assert first == pytest.approx(2 * second, abs=0.1)
    assert first <= WIDTH
    assert {"Procedures", "Home page", "50.0 %", "25.0 %"} <= set(texts(root))


def test_labels_are_escaped():
    svg = bar_chart(
        [Bar("<script>alert(1)</script> & co", 3)],
        chart_id="s",
        title="A & <b>",
        description='"quoted"',
    )
    root = parse(svg)  # would not parse if anything leaked as markup
    assert "<script>" not in str(svg)
    assert "<script>alert(1)</script> & co" in texts(root)
    assert root.find(f"{SVG}title").text == "A & <b>"


def test_long_labels_are_shortened_in_the_chart():
    root = parse(bar_chart([Bar("x" * 80, 1)], chart_id="s", title="T", description="D"))
    label = texts(root)[0]
    assert len(label) < 80 and label.endswith("…")


@pytest.mark.parametrize("draw", [column_chart, bar_chart])
@pytest.mark.parametrize("values", [[], [0, 0]])
def test_a_chart_without_data_says_so(draw, values):
    root = parse(draw(months(values), chart_id="e", title="T", description="D"))
    assert bars(root) == []
    assert "No data for this period" in texts(root)
    assert root.get("role") == "img"


def test_coordinates_are_never_localised():
    """Catalan writes 12,5; an SVG coordinate must stay 12.5."""
    with translation.override("ca"):
        svg = str(column_chart(months([3, 7, 11]), chart_id="m", title="T", description="D"))
    for name, value in re.findall(r' (x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d)?", value), (name, value)


@pytest.mark.parametrize(
    ("maximum", "step"),
    [
        (0, 1),
        (1, 1),
        (3, 1),
        (7, 2),
        (10, 5),
        (870, 500),
        (1000, 500),
        (400, 100),
        (12345, 5000),
        (0.4, 0.1),
    ],
)
def test_nice_step(maximum, step):
    assert nice_step(maximum) == pytest.approx(step)
