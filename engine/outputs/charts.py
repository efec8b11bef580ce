"""A chart's Scene (engine/outputs/chart_geometry.py) written as SVG by the one chart template.

Why a template and not a plotting library: the Board paper's two charts are stacked bars, whose every
position `chart_geometry` computes; writing them needs only the outputs' Jinja environment, already loaded
for the report, where matplotlib cost about 2.4 s of `comply report` (import and drawing, issue 19). The
SVG is inline in the report's HTML (and so in its PDF: WeasyPrint draws inline SVG), a data URL in the desk,
and a file of its own from `comply plan --chart`.
"""

from __future__ import annotations

from engine.outputs.chart_geometry import FONT_FAMILY, MUTED, Scene
from engine.outputs.templating import render

__all__ = ["chart_svg", "svg_file"]


def chart_svg(scene: Scene, name: str, alt: str, desc: str) -> str:
    """The scene as one <svg> element (text, no XML prolog; a standalone SVG file too). `name` is its
    class ("findings-by-month"), `alt` its text alternative (aria-label and <title>: the PDF's /Alt),
    `desc` its figures in words (<desc>); all three are escaped."""
    return render(
        "charts/chart.svg.j2", s=scene, name=name, alt=alt, desc=desc, font_family=FONT_FAMILY, muted=MUTED
    ).strip()


def svg_file(svg: str) -> bytes:
    """A chart's <svg> element as the bytes of a standalone .svg file (UTF-8, with the XML declaration)."""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n").encode("utf-8")
