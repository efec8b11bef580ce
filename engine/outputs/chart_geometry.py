"""Where everything on a chart goes: scales, bars, ticks and the box of every label, as plain numbers.

Why this module: the Board paper's charts (the findings by status over the past year, the improvement
plan's overall status) used to be drawn by matplotlib, which took about a second to import and more to
draw, most of `comply report`'s time (issue 19). A chart here is a `Scene` of rectangles, lines and
texts in SVG user units (1 unit = 1 CSS px, y downwards), drawn by one Jinja template
(`engine/outputs/templates/charts/chart.svg.j2`, `engine/outputs/charts.py`); this module decides every
position and the template only writes them out, so the geometry can be tested without a browser.

Why labels cannot collide: no text is placed without its box, and the box comes from `text_width`, an
estimate of the width of a string that errs on the wide side for the fonts the SVG names (DejaVu Sans,
then Verdana, Arial, Helvetica: DejaVu and Verdana are the widest of them), and from a height of 1.2 em
around the baseline (DejaVu's ascent and descent come to 1.164 em). A chart whose estimated boxes do not
overlap cannot have rendered labels that overlap; `tests/outputs/test_chart_labels.py` checks the
boxes with hypothesis, the estimate against DejaVu Sans' real advances, and once the rendered
labels in chromium (`getBBox()`).

Two charts, each a function: `column_chart` (stacked columns, a total above each, months along the
bottom, the legend on the right) and `bar_chart` (stacked horizontal bars, a row label on the left,
each count inside its segment when it fits with clear space either side, otherwise in a note after the
bar: a segment of 1 beside a segment of 2 must never read "21").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

#: the fonts the SVG asks for, widest first: the width estimate is an upper bound for each of them
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"
#: above and below the baseline, in em: more than DejaVu Sans' ascent (0.928) and descent (0.236)
ASCENT, DESCENT = 0.95, 0.25
#: line spacing of a label written on several lines, in em
LINE = 1.25
INK = "#1c1c1c"  # text: the report's body colour
MUTED = "#5a5a5a"  # axes and notes about emptiness
#: widths in em, at least the advance of every character of the class in DejaVu Sans and Verdana
_NARROW, _DIGIT, _LOWER, _UPPER, _WIDE, _OTHER = 0.45, 0.65, 0.66, 0.80, 1.0, 1.0
_NARROW_CHARS = set(" ,.:;'!|()[]-/fijlrtI")
_WIDE_CHARS = set("mwMW%@&")

Anchor = Literal["start", "middle", "end"]


def char_width(ch: str) -> float:
    """The width of one character in em, erring on the wide side (any character not of the basic Latin
    letters, digits and common punctuation counts as 1 em)."""
    if ch in _NARROW_CHARS:
        return _NARROW
    if ch in _WIDE_CHARS:
        return _WIDE
    if ch.isascii() and ch.isdigit():
        return _DIGIT
    if ch.isascii() and ch.islower():
        return _LOWER
    if ch.isascii() and ch.isupper():
        return _UPPER
    return _OTHER


#: room either side of a label, in em: a renderer rounds glyph positions to its pixels (chromium drew an
#: end-anchored label 0.07 em past its anchor)
SIDE = 0.1


def text_width(text: str, size: float) -> float:
    """An upper bound of the width (user units) of `text` set at `size` (user units, the font size),
    SIDE em either side included."""
    return (sum(char_width(ch) for ch in text) + 2 * SIDE) * size


def wrap(text: str, size: float, width: float) -> list[str]:
    """`text` broken at spaces into lines each at most `width` wide by `text_width` (a word wider than
    `width` has a line of its own); never an empty list."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in user units: x0 <= x1, y0 <= y1 (y downwards)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share any area (touching edges do not count)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def within(self, other: Box) -> bool:
        """Whether this box lies inside `other` (edges may touch)."""
        return other.x0 <= self.x0 and self.x1 <= other.x1 and other.y0 <= self.y0 and self.y1 <= other.y1


@dataclass(frozen=True)
class Text:
    """A label: its lines, the x of its anchor, the baseline of its first line, its size (user units)
    and its estimated box. `role` names what it is (title, tick, total, count, note, legend, axis, empty)
    and becomes its class in the SVG ("chart-note": the prefix keeps a page's CSS off it)."""

    lines: tuple[str, ...]
    x: float
    y: float
    size: float
    anchor: Anchor
    role: str
    fill: str = INK

    @property
    def text(self) -> str:
        """The label's words on one line."""
        return " ".join(self.lines)

    @property
    def width(self) -> float:
        """The estimated width of its widest line."""
        return max(text_width(line, self.size) for line in self.lines)

    @property
    def box(self) -> Box:
        """Where the label's glyphs can be, at most (from `text_width` and ASCENT, DESCENT)."""
        side = SIDE * self.size
        x0 = {"start": self.x - side, "middle": self.x - self.width / 2, "end": self.x - self.width + side}[self.anchor]
        top = self.y - ASCENT * self.size
        bottom = self.y + (len(self.lines) - 1) * LINE * self.size + DESCENT * self.size
        return Box(x0, top, x0 + self.width, bottom)

    @property
    def dy(self) -> float:
        """The distance between the baselines of its lines."""
        return LINE * self.size


def text_at(
    lines: list[str] | tuple[str, ...], x: float, top: float, size: float, anchor: Anchor, role: str, fill: str = INK
) -> Text:
    """A label whose box starts at `top` (the baseline is placed below it)."""
    return Text(tuple(lines), x, top + ASCENT * size, size, anchor, role, fill)


def text_centred(text: str, x: float, middle: float, size: float, anchor: Anchor, role: str, fill: str = INK) -> Text:
    """A one-line label whose box is centred vertically on `middle`."""
    return text_at([text], x, middle - (ASCENT + DESCENT) * size / 2, size, anchor, role, fill)


def line_height(size: float, lines: int = 1) -> float:
    """The height of a label's box of `lines` lines at `size`."""
    return (ASCENT + DESCENT) * size + (lines - 1) * LINE * size


@dataclass(frozen=True)
class Rect:
    """A filled rectangle: a bar's segment (`key` its status, `value` its count) or a legend swatch."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    role: str
    key: str = ""
    value: int = 0

    @property
    def box(self) -> Box:
        """The rectangle as a box."""
        return Box(self.x, self.y, self.x + self.width, self.y + self.height)


@dataclass(frozen=True)
class Line:
    """A straight line (an axis or a tick mark)."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class Scene:
    """Everything the template draws, in user units; `width` and `height` are the viewBox's."""

    width: float
    height: float
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    @property
    def box(self) -> Box:
        """The whole drawing."""
        return Box(0, 0, self.width, self.height)


@dataclass(frozen=True)
class Series:
    """One stacked segment kind: its key (a status), its words in the legend, its colour."""

    key: str
    word: str
    colour: str


def nice_ticks(top: float, most: int) -> list[int]:
    """Whole-number ticks 0, s, 2s, ... up to the first at or above `top`, with s of 1, 2 or 5 times a
    power of ten and at most `most` + 1 ticks (at least 0 and one step)."""
    top = max(top, 1)
    most = max(most, 1)
    power = 1
    while True:
        for m in (1, 2, 5):
            step = m * power
            if math.ceil(top / step) <= most:
                return [i * step for i in range(math.ceil(top / step) + 1)]
        power *= 10


# --------------------------------------------------------------------------------------------
# Stacked columns: the findings by status at each month-end


MARGIN = 8.0
TITLE_SIZE = 10.0
TICK_SIZE = 8.0
LEGEND_SIZE = 8.0
SWATCH = 9.0
GAP = 6.0  # the least clear space between two labels side by side


def column_chart(
    labels: list[str],
    values: list[dict[str, int]],
    series: list[Series],
    title: str,
    unit: str,
    empty: str,
    plot_height: float = 170.0,
    min_slot: float = 40.0,
) -> Scene:
    """Stacked columns, one per label (oldest first), segments in `series` order from the bottom, each
    column's total above it (when any column has one), whole-number ticks up the left with `unit` above
    them, the legend on the right (top of the stack first, only the series present), the title wrapped
    across the top; with nothing to draw, `empty` in the middle of the plot. Every column has the same
    slot, wide enough for its total and for each word of its label (labels wrap onto lines).

    Raises ValueError when `labels` and `values` differ in length or are empty."""
    if not labels or len(labels) != len(values):
        raise ValueError("column_chart needs one dict of values per label, and at least one label")
    present = [s for s in series if any(v.get(s.key, 0) for v in values)]
    totals = [sum(v.get(s.key, 0) for s in series) for v in values]
    total_size = TICK_SIZE
    widest_word = max(text_width(w, TICK_SIZE) for label in labels for w in label.split() or [""])
    widest_total = max(text_width(str(t), total_size) for t in totals)
    slot = max(min_slot, widest_word + GAP, widest_total + GAP)
    if not any(totals):  # room for the words saying there is nothing to draw
        slot = max(slot, (text_width(empty, TICK_SIZE) + 2 * GAP) / len(labels))
    tick_labels = [wrap(label, TICK_SIZE, slot - GAP) for label in labels]

    ticks = nice_ticks(max(totals), most=max(1, int(plot_height // (line_height(TICK_SIZE) + 24))))
    y_label_width = max(text_width(str(t), TICK_SIZE) for t in ticks)
    plot_left = MARGIN + y_label_width + 8
    plot_right = plot_left + slot * len(labels)
    legend_x = plot_right + 14
    legend_width = SWATCH + 5 + max([text_width(s.word, LEGEND_SIZE) for s in present] + [0])
    width = legend_x + legend_width + MARGIN

    scene = Scene(width, 0)
    title_lines = wrap(title, TITLE_SIZE, width - 2 * MARGIN)
    scene.texts.append(text_at(title_lines, MARGIN, MARGIN, TITLE_SIZE, "start", "title"))
    unit_top = MARGIN + line_height(TITLE_SIZE, len(title_lines)) + 6
    scene.texts.append(text_at([unit], MARGIN, unit_top, TICK_SIZE, "start", "axis", MUTED))
    # a band above the plot where only the totals reach: the tallest column's total stays below the unit
    band = line_height(total_size) + 3
    plot_top = unit_top + line_height(TICK_SIZE) + 2 + band
    plot_bottom = plot_top + plot_height
    top_value = ticks[-1]

    def y_of(v: float) -> float:
        return plot_bottom - v / top_value * plot_height

    scene.lines.append(Line(plot_left, plot_top - band, plot_left, plot_bottom))
    scene.lines.append(Line(plot_left, plot_bottom, plot_right, plot_bottom))
    for t in ticks:
        y = y_of(t)
        scene.lines.append(Line(plot_left - 3, y, plot_left, y))
        scene.texts.append(text_centred(str(t), plot_left - 5, y, TICK_SIZE, "end", "tick"))
    bar_width = slot * 0.7
    for i, v in enumerate(values):
        centre = plot_left + slot * (i + 0.5)
        base = 0
        for s in series:
            n = v.get(s.key, 0)
            if n:
                top = y_of(base + n)
                scene.rects.append(
                    Rect(centre - bar_width / 2, top, bar_width, y_of(base) - top, s.colour, "segment", s.key, n)
                )
            base += n
        scene.lines.append(Line(centre, plot_bottom, centre, plot_bottom + 3))
        scene.texts.append(text_at(tick_labels[i], centre, plot_bottom + 5, TICK_SIZE, "middle", "tick"))
        if any(totals):
            bottom = y_of(totals[i]) - 2
            scene.texts.append(
                text_at([str(totals[i])], centre, bottom - line_height(total_size), total_size, "middle", "total")
            )
    if not any(totals):
        scene.texts.append(
            text_centred(
                empty, (plot_left + plot_right) / 2, (plot_top + plot_bottom) / 2, TICK_SIZE, "middle", "empty", MUTED
            )
        )
    y = plot_top - band
    for s in reversed(present):  # the top of the stack first, as drawn
        scene.rects.append(Rect(legend_x, y, SWATCH, SWATCH, s.colour, "swatch", s.key))
        scene.texts.append(text_centred(s.word, legend_x + SWATCH + 5, y + SWATCH / 2, LEGEND_SIZE, "start", "legend"))
        y += max(SWATCH, line_height(LEGEND_SIZE)) + 4
    ticks_bottom = plot_bottom + 5 + line_height(TICK_SIZE, max(len(t) for t in tick_labels))
    scene.height = max(ticks_bottom, y) + MARGIN
    return scene


# --------------------------------------------------------------------------------------------
# Stacked horizontal bars: the plan's milestones by area and status

ROW_SIZE = 9.0
COUNT_SIZE = 8.0
PAD = 3.0  # clear space a count needs on each side inside its segment
#: the widest the axis may grow (as a multiple of the longest bar) to make room for the notes after the bars
ROOM = (1.12, 1.3, 1.5, 1.8, 2.2, 2.8, 3.6)


@dataclass(frozen=True)
class Placed:
    """Where a count went: inside its segment, or in its row's note."""

    row: str
    key: str
    count: int
    inside: bool


def _bar_layout(
    rows: list[dict[str, int]], series: list[Series], scale: float, width: float
) -> tuple[list[Placed], list[str], bool]:
    """Which counts fit inside their segments at `scale` (count units across `width`), the note of each
    row ("" when none), and whether every note fits after its bar within `width`."""
    placed: list[Placed] = []
    notes: list[str] = []
    fits = True
    for row in rows:
        parts: list[str] = []
        for s in series:
            n = row.get(s.key, 0)
            if not n:
                continue
            inside = text_width(str(n), COUNT_SIZE) + 2 * PAD <= n / scale * width
            placed.append(Placed("", s.key, n, inside))
            if not inside:
                parts.append(f"{s.word} {n}")
        note = ", ".join(parts)
        notes.append(note)
        end = sum(row.get(s.key, 0) for s in series) / scale * width
        if note and end + 4 + text_width(note, COUNT_SIZE) > width:
            fits = False
    return placed, notes, fits


def bar_chart(
    labels: list[str],
    rows: list[dict[str, int]],
    series: list[Series],
    title: str,
    unit: str,
    plot_width: float = 430.0,
) -> tuple[Scene, list[Placed]]:
    """Stacked horizontal bars, one per label (top to bottom), segments in `series` order from the left;
    each count written in its segment when it fits there with PAD clear either side, otherwise in a note
    after the bar ("Delayed 2, Overdue 1"); the axis widened (ROOM) until every note fits, and the plot
    itself widened if even the widest axis leaves too little room. Title lines centred at the top,
    whole-number ticks and `unit` below, the legend (every series) below that.

    Returns the scene and where each count went (in row order, then series order).
    Raises ValueError when `labels` and `rows` differ in length or are empty."""
    if not labels or len(labels) != len(rows):
        raise ValueError("bar_chart needs one dict of counts per label, and at least one label")
    longest = max([sum(r.get(s.key, 0) for s in series) for r in rows] + [1])
    for room in ROOM:
        scale = longest * room
        placed, notes, fits = _bar_layout(rows, series, scale, plot_width)
        if fits:
            break
    else:  # widen the plot until the notes fit at the widest axis (wider segments only shorten notes)
        need = max(4 + text_width(n, COUNT_SIZE) for n in notes if n)
        plot_width = max(plot_width, need / (1 - 1 / ROOM[-1]) + 1)
        placed, notes, fits = _bar_layout(rows, series, scale, plot_width)

    label_width = max(text_width(label, ROW_SIZE) for label in labels)
    plot_left = MARGIN + label_width + 8
    plot_right = plot_left + plot_width
    widest_tick = text_width(str(int(scale)), TICK_SIZE)
    width = plot_right + max(MARGIN + 4, widest_tick / 2 + MARGIN)
    scene = Scene(width, 0)
    title_lines: list[str] = []
    for part in title.split("\n"):
        title_lines += wrap(part, TITLE_SIZE, width - 2 * MARGIN)
    scene.texts.append(text_at(title_lines, width / 2, MARGIN, TITLE_SIZE, "middle", "title"))
    row_height, bar_height = 28.0, 20.0
    plot_top = MARGIN + line_height(TITLE_SIZE, len(title_lines)) + 10
    plot_bottom = plot_top + row_height * len(labels)

    def x_of(v: float) -> float:
        return plot_left + v / scale * plot_width

    out: list[Placed] = []
    k = 0
    for i, (label, row) in enumerate(zip(labels, rows)):
        middle = plot_top + row_height * (i + 0.5)
        scene.texts.append(text_centred(label, plot_left - 6, middle, ROW_SIZE, "end", "row"))
        left = 0
        for s in series:
            n = row.get(s.key, 0)
            if not n:
                continue
            p = placed[k]
            k += 1
            out.append(Placed(label, s.key, n, p.inside))
            x0, x1 = x_of(left), x_of(left + n)
            scene.rects.append(Rect(x0, middle - bar_height / 2, x1 - x0, bar_height, s.colour, "segment", s.key, n))
            if p.inside:
                scene.texts.append(
                    text_centred(str(n), (x0 + x1) / 2, middle, COUNT_SIZE, "middle", "count", ink_on(s.colour))
                )
            left += n
        if notes[i]:
            scene.texts.append(text_centred(notes[i], x_of(left) + 4, middle, COUNT_SIZE, "start", "note"))
    scene.lines.append(Line(plot_left, plot_top, plot_left, plot_bottom))
    scene.lines.append(Line(plot_left, plot_bottom, plot_right, plot_bottom))
    # ticks far enough apart for their labels
    ticks = nice_ticks(scale, most=max(1, int(plot_width // max(widest_tick + GAP, 40))))
    for t in ticks:
        if t > scale:
            break
        x = x_of(t)
        scene.lines.append(Line(x, plot_bottom, x, plot_bottom + 3))
        scene.texts.append(text_at([str(t)], x, plot_bottom + 5, TICK_SIZE, "middle", "tick"))
    unit_top = plot_bottom + 5 + line_height(TICK_SIZE) + 4
    scene.texts.append(text_at([unit], (plot_left + plot_right) / 2, unit_top, ROW_SIZE, "middle", "axis"))
    y = unit_top + line_height(ROW_SIZE) + 10
    x = plot_left
    for s in series:
        entry = SWATCH + 5 + text_width(s.word, LEGEND_SIZE)
        if x > plot_left and x + entry > plot_right:
            x, y = plot_left, y + max(SWATCH, line_height(LEGEND_SIZE)) + 4
        scene.rects.append(Rect(x, y, SWATCH, SWATCH, s.colour, "swatch", s.key))
        scene.texts.append(text_centred(s.word, x + SWATCH + 5, y + SWATCH / 2, LEGEND_SIZE, "start", "legend"))
        x += entry + 16
    scene.height = y + max(SWATCH, line_height(LEGEND_SIZE)) + MARGIN
    return scene, out


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two '#rrggbb' colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def ink_on(fill: str) -> str:
    """Black or white, whichever reads better on `fill` (a '#rrggbb' colour)."""
    return "#ffffff" if contrast("#ffffff", fill) > contrast("#000000", fill) else "#000000"
