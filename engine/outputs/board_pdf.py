"""The Board report as a PDF (`comply report --format pdf`): the same HTML, laid out on A4 by WeasyPrint.

Why: a council publishes its Board papers as PDF, and the public-sector accessibility regulations apply
when it does, so the file is a tagged PDF (PDF/UA-1: a structure tree of headings, lists and tables, the
document's language /Lang en-GB from the page's `lang`, and each chart a Figure whose /Alt is the SVG's
<title>, written by engine/outputs/board_report.py). WeasyPrint (docs/board-report-and-calendar.md) lays
out HTML and CSS without a browser, honours the template's `@page` rules (A4, page numbers, each
appendix on a new page) and keeps the inline SVG charts as vectors.

The report is self-contained (inline CSS and SVG, no URL): the fetcher WeasyPrint is given allows only
`data:` URLs, so nothing is fetched from the network or read from disk even if a fact's text were to
smuggle a URL in (it cannot: the template is autoescaped). Needs Debian's libpango-1.0-0,
libpangoft2-1.0-0 and libharfbuzz-subset0 (README, .ci/run).
"""

from __future__ import annotations

import io

#: PDF/UA-1: a tagged PDF (structure tree, /Lang, alternative text for figures)
PDF_VARIANT = "pdf/ua-1"
#: the only URL scheme the renderer may fetch: data in the page itself, never the network or the disk
ALLOWED_SCHEMES = ("data",)


def html_to_pdf(html: str) -> bytes:
    """The report's HTML (text, self-contained) as the bytes of a tagged A4 PDF.

    Raises OSError when the Debian libraries WeasyPrint needs (pango, harfbuzz-subset) are missing."""
    # WeasyPrint loads pango and its fonts in about a second: imported here, so that an HTML report does not wait
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=ALLOWED_SCHEMES, allow_redirects=False, timeout=1)
    out = io.BytesIO()
    HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(out, pdf_variant=PDF_VARIANT)
    return out.getvalue()
