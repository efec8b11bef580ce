"""The council's ModernGov web service (`mgWebService.asmx`), read over HTTP and parsed safely.

Why a module of its own: everything that can go wrong with a remote committee system is here, and each becomes
one SourceError naming the site and the call: the site refuses the client (HTTP 403, 500...), does not answer in
time (after retries), answers an HTML page with status 200 (a login or error page), or answers XML that is
truncated or malformed. The XML is parsed with defusedxml (no entity expansion, no external entities or DTDs: a
remote answer is never trusted), and only the fields comply reads are taken, by their lower-case names.

The calls and the shapes read (ModernGov answers plain XML to an HTTP GET of `<site>/mgWebService.asmx/<call>`;
some installations wrap the document as text in a `<string>` element, which is unwrapped):

    GetCommittees                        <committees><committee><committeeid/><committeetitle/>
                                           <committeeexpired/><committeedeleted/></committee>...
    GetMeetings?lCommitteeId=N&sFromDate=dd/mm/yyyy&sToDate=dd/mm/yyyy
                                         <getmeetings><committee><committeeid/><committeetitle/>
                                           <committeemeetings><meeting><meetingid/><meetingdate/>
                                           <meetingtime/><meetingstatus/></meeting>...
    GetMeeting?lMeetingId=N              <meeting><meetingid/><meetingdate/><meetingtime/><meetingstatus/>
                                           <committeeid/><agendapublished/><minutespublished/>
                                           <attendees><attendee><memberid/><name/><roledescription/>
                                           <attendance/></attendee>...</attendees>
                                           <agendaitems><agendaitem><agendaitemid/><agendaitemnumber/>
                                           <agendaitemtitle/></agendaitem>...</agendaitems>
    GetCouncillorsByWard                 <councillorsbyward><wards><ward><wardtitle/><councillors>
                                           <councillor><councillorid/><fullusername/>
                                           <politicalpartytitle/></councillor>...

Dates arrive as `dd/mm/yyyy` (a time of day may follow) and are read day first, always; times as `17:30`,
`17.30`, `5.30 pm` or `5:30pm`, or nothing (the time is then not known).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import httpx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from engine.core.errors import SourceError

__all__ = [
    "Answer",
    "Attendee",
    "Committee",
    "Councillor",
    "MeetingDetail",
    "MeetingRef",
    "Service",
    "day_of",
    "time_of",
    "USER_AGENT",
]

#: who is calling, so that a council's IT can see it and say so (polite clients identify themselves)
USER_AGENT = "comply-moderngov-sync/1.0 (comply: a compliance checker for statutory directions to councils)"
#: seconds to wait for a connection and for each read
DEFAULT_TIMEOUT = 20.0
#: further tries after a timeout, a refused connection or a 5xx answer, waiting BACKOFF * 2**n seconds between
DEFAULT_RETRIES = 2
BACKOFF = 0.5
#: the largest answer read, in bytes (a council's whole councillor list is well under 1 MB)
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Answer:
    """One call's answer: the root element (tags in lower case, namespaces dropped), the URL called and the
    SHA-256 of the response body (hex)."""

    call: str
    url: str
    root: ET.Element
    sha256: str


@dataclass(frozen=True)
class Committee:
    """A committee as GetCommittees lists it; `expired` when the site marks it expired or deleted."""

    id: int
    title: str
    expired: bool


@dataclass(frozen=True)
class MeetingRef:
    """A meeting as GetMeetings lists it."""

    id: int
    day: dt.date
    time: tuple[int, int] | None
    status: str


@dataclass(frozen=True)
class Attendee:
    """An attendee of a meeting as GetMeeting lists it (members, substitutes and officers alike)."""

    member_id: int | None
    name: str
    role: str
    attendance: str  # as the service says it: Present, Apologies, Expected, ...


@dataclass
class MeetingDetail:
    """A meeting as GetMeeting answers it, with its agenda items (number, title) and attendees."""

    id: int
    committee_id: int | None
    day: dt.date
    time: tuple[int, int] | None
    status: str
    agenda_published: bool | None
    minutes_published: bool | None
    items: list[tuple[str, str]] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    sha256: str = ""
    url: str = ""


@dataclass(frozen=True)
class Councillor:
    """A councillor as GetCouncillorsByWard lists it, with the party (or group) the service gives."""

    id: int
    name: str
    party: str


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _normalised(root: ET.Element) -> ET.Element:
    for el in root.iter():
        el.tag = _local(el.tag)
    return root


def _text(el: ET.Element | None, name: str) -> str:
    if el is None:
        return ""
    child = el.find(name)
    return " ".join((child.text or "").split()) if child is not None else ""


_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def day_of(text: str, where: str) -> dt.date:
    """A `dd/mm/yyyy` date of the service, read day first (`04/06/2017` is 4 June 2017). Raises SourceError
    naming `where` (site, call and field) for anything else."""
    m = _DAY.match(text.strip())
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    raise SourceError(f"{where}: expected a date written dd/mm/yyyy (day first), got {text!r}; nothing was stored")


def time_of(text: str, where: str) -> tuple[int, int] | None:
    """A meeting time (`17:30`, `17.30`, `5.30 pm`, `5pm`) as (hour, minute), or None when none is given.
    Raises SourceError naming `where` for a time that cannot be read."""
    text = text.strip()
    if not text:
        return None
    m = _TIME.match(text)
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        suffix = (m.group(3) or "").lower().replace(".", "")
        if suffix == "pm" and hour < 12:
            hour += 12
        elif suffix == "am" and hour == 12:
            hour = 0
        if 0 <= hour < 24 and 0 <= minute < 60 and (suffix or m.group(2) is not None):
            return hour, minute
    raise SourceError(f"{where}: expected a time such as 17:30 or 5.30 pm, got {text!r}; nothing was stored")


def _flag(text: str) -> bool | None:
    low = text.strip().lower()
    return True if low in ("true", "1", "yes") else False if low in ("false", "0", "no") else None


def _int(text: str, where: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise SourceError(f"{where}: expected a whole number, got {text!r}; nothing was stored") from None


class Service:
    """A ModernGov site's web service. `site` is the site's base URL (`https://democracy.example.gov.uk`; a URL
    ending in `/mgWebService.asmx` is accepted too). `transport` is for tests only (httpx's)."""

    def __init__(
        self,
        site: str,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = BACKOFF,
        transport: httpx.BaseTransport | None = None,
    ):
        site = site.strip().rstrip("/")
        if site.lower().endswith("/mgwebservice.asmx"):
            site = site[: -len("/mgwebservice.asmx")]
        if not re.match(r"^https?://[^/\s]+", site):
            raise SourceError(f"--site {site!r}: expected the site's address, such as https://democracy.example.gov.uk")
        self.site = site
        self.retries = retries
        self.backoff = backoff
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept": "text/xml, application/xml"},
            follow_redirects=True,
            transport=transport,
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one call ---------------------------------------------------------------------------------

    def call(self, name: str, params: dict[str, str | int] | None = None, root: str | None = None) -> Answer:
        """GET `<site>/mgWebService.asmx/<name>` and parse it. `root`: the expected root element (lower case).
        Raises SourceError naming the site and the call for every failure (see the module docstring)."""
        url = f"{self.site}/mgWebService.asmx/{name}"
        query = "&".join(f"{k}={v}" for k, v in (params or {}).items())
        said = f"{self.site}: {name}" + (f"?{query}" if query else "")
        body = self._get(url, params or {}, said)
        parsed = self._parse(body, said)
        if root is not None and parsed.tag != root:
            raise SourceError(
                f"{said}: expected the service's <{root}> document, got <{parsed.tag}>; nothing was stored"
            )
        return Answer(name, f"{url}" + (f"?{query}" if query else ""), parsed, hashlib.sha256(body).hexdigest())

    def _get(self, url: str, params: dict[str, str | int], said: str) -> bytes:
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.client.get(url, params={k: str(v) for k, v in params.items()})
            except httpx.TimeoutException:
                last = f"did not answer within {self.client.timeout.read:g} s"
                continue
            except httpx.TransportError as exc:
                last = f"cannot be reached ({type(exc).__name__}: {exc})"
                continue
            if response.status_code >= 500:
                last = f"answered HTTP {response.status_code} {response.reason_phrase}"
                continue
            if response.status_code != 200:
                raise SourceError(
                    f"{said}: the site refused the request (HTTP {response.status_code} "
                    f"{response.reason_phrase}); nothing was stored"
                )
            body = response.content
            if len(body) > MAX_BYTES:
                raise SourceError(f"{said}: the answer is larger than {MAX_BYTES:,} bytes; nothing was stored")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            head = body.lstrip()[:200].lower()
            if kind in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")):
                raise SourceError(
                    f"{said}: the site answered an HTML page (status 200, {kind or 'no content type'}), not the "
                    f"service's XML: a login, error or maintenance page; nothing was stored"
                )
            return body
        tries = self.retries + 1
        raise SourceError(
            f"{said}: the site {last} (tried {tries} time{'s' if tries != 1 else ''}); nothing was stored"
        )

    def _parse(self, body: bytes, said: str) -> ET.Element:
        try:
            root = _normalised(fromstring(body))
        except ET.ParseError as exc:
            line, col = getattr(exc, "position", (0, 0))
            raise SourceError(
                f"{said}: the answer is not well-formed XML (truncated or malformed, line {line}, column {col + 1}: "
                f"{str(exc).split(':')[0]}); nothing was stored"
            ) from None
        except DefusedXmlException as exc:
            raise SourceError(
                f"{said}: the answer uses XML that is refused ({type(exc).__name__}); nothing was stored"
            ) from None
        if root.tag == "string" and len(root) == 0 and (root.text or "").lstrip().startswith("<"):
            return self._parse((root.text or "").encode("utf-8"), said)  # an .asmx answer wrapped as text
        return root

    # -- the calls read ---------------------------------------------------------------------------

    def committees(self) -> tuple[list[Committee], Answer]:
        """Every committee the site lists."""
        answer = self.call("GetCommittees", {"lDummy": 0}, root="committees")
        out = []
        for el in answer.root.iter("committee"):
            where = f"{self.site}: GetCommittees, committeeid"
            out.append(
                Committee(
                    _int(_text(el, "committeeid"), where),
                    _text(el, "committeetitle"),
                    _flag(_text(el, "committeeexpired")) is True or _flag(_text(el, "committeedeleted")) is True,
                )
            )
        return out, answer

    def meetings(self, committee: int, start: dt.date, end: dt.date) -> tuple[list[MeetingRef], Answer]:
        """The meetings of a committee from `start` to `end` (days, inclusive)."""
        params = {
            "lCommitteeId": committee,
            "sFromDate": start.strftime("%d/%m/%Y"),
            "sToDate": end.strftime("%d/%m/%Y"),
        }
        answer = self.call("GetMeetings", params, root="getmeetings")
        out = []
        for el in answer.root.iter("meeting"):
            where = f"{self.site}: GetMeetings?lCommitteeId={committee}, meeting {_text(el, 'meetingid') or '?'}"
            out.append(
                MeetingRef(
                    _int(_text(el, "meetingid"), f"{where}, meetingid"),
                    day_of(_text(el, "meetingdate"), f"{where}, meetingdate"),
                    time_of(_text(el, "meetingtime"), f"{where}, meetingtime"),
                    _text(el, "meetingstatus"),
                )
            )
        return out, answer

    def meeting(self, meeting: int) -> MeetingDetail:
        """One meeting with its agenda items and attendees."""
        answer = self.call("GetMeeting", {"lMeetingId": meeting}, root="meeting")
        m = answer.root
        where = f"{self.site}: GetMeeting?lMeetingId={meeting}"
        found = _text(m, "meetingid")
        if found and _int(found, f"{where}, meetingid") != meeting:
            raise SourceError(f"{where}: answered meeting {found}, not {meeting}; nothing was stored")
        committee = _text(m, "committeeid")
        detail = MeetingDetail(
            id=meeting,
            committee_id=_int(committee, f"{where}, committeeid") if committee else None,
            day=day_of(_text(m, "meetingdate"), f"{where}, meetingdate"),
            time=time_of(_text(m, "meetingtime"), f"{where}, meetingtime"),
            status=_text(m, "meetingstatus"),
            agenda_published=_flag(_text(m, "agendapublished")),
            minutes_published=_flag(_text(m, "minutespublished")),
            sha256=answer.sha256,
            url=answer.url,
        )
        for item in m.iter("agendaitem"):
            detail.items.append((_text(item, "agendaitemnumber"), _text(item, "agendaitemtitle")))
        for a in m.iter("attendee"):
            member = _text(a, "memberid")
            detail.attendees.append(
                Attendee(
                    _int(member, f"{where}, attendee memberid") if member else None,
                    _text(a, "name"),
                    _text(a, "roledescription"),
                    _text(a, "attendance"),
                )
            )
        return detail

    def councillors(self) -> tuple[list[Councillor], Answer]:
        """Every councillor, with the political party or group the service gives."""
        answer = self.call("GetCouncillorsByWard", None, root="councillorsbyward")
        out: dict[int, Councillor] = {}
        for c in answer.root.iter("councillor"):
            cid = _int(_text(c, "councillorid"), f"{self.site}: GetCouncillorsByWard, councillorid")
            party = _text(c, "politicalpartytitle") or _text(c, "politicalgrouptitle")
            out[cid] = Councillor(cid, _text(c, "fullusername"), party)
        return list(out.values()), answer
