"""The unattended nightly run: evaluate every authority as of an instant, record the run, compare
it with the last run whose digest was told, write JSON + HTML, send the digest.

Why this order: the lock first (two runs never overlap; the kernel releases an flock when its
process dies, so a kill -9 never leaves a stale lock); then the "running" row, committed alone,
so a death at any later moment is visible; then evaluation, in forked worker processes (a crash of
the rules engine there is retried, and at worst a failed run that is mailed); then the findings and the
"completed" mark in one transaction (engine/store/runs.py); only then the files and the email, so that
a mail failure never loses a recorded run. Any error after the "running" row marks the run
failed with the reason and sends a "run FAILED" message, never an all clear.

The run compared with is the last completed run before this run's as-of date whose digest was told (sent, or no
mail configured: engine/store/runs.baseline), not a night whose email failed: that night's news has reached no one,
so tonight's digest tells it and says it covers that night. Runs are compared in as-of order, so back-filling an old
date compares it with the date before it. A second run for the same London as-of date replaces the
first (its row stays in the history as "replaced"), so re-running a night records no duplicates.
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pendulum import DateTime

from engine.core import calendar, clock, provenance
from engine.core.errors import InputError, StoreError
from engine.core.files import write_atomically
from engine.directions.model import Direction, load_directions, refuse_unknown_references
from engine.evaluation.check import Evaluator, check
from engine.evaluation.diffs import Diff, compare
from engine.evaluation.rete import evaluate as rete_evaluate
from engine.model.findings import Finding, Report
from engine.operations import executors, reminders
from engine.operations.jsonlog import event as _log
from engine.operations.jsonlog import json_log
from engine.operations.runlock import nightly_lock
from engine.outputs import digest
from engine.store import runs
from engine.store.sqlite import AuthorityState, Store, instant_text

LOG_NAME = "nightly.log"

#: up to this many authorities are evaluated in one worker process; more, in batches of
#: WORKER_BATCH, WORKERS at a time (engine/operations/executors.py). Never in the run's own process:
#: a crash of durable-rules there would kill the run before its failure could be recorded or mailed.
SINGLE_WORKER_AUTHORITIES = 10
#: authorities per worker process when there are more than SINGLE_WORKER_AUTHORITIES
WORKER_BATCH = 5
#: seconds one batch of authorities may take in its worker before the run stops and fails, naming it (an
#: unattended run must end: a batch of WORKER_BATCH national authorities takes about half a second): the default of
#: `comply nightly --batch-time-limit` (check_batch_time_limit)
BATCH_TIME_LIMIT_S = 3600.0
#: the option that sets it, named where a batch is stopped for running past it
BATCH_TIME_LIMIT_OPTION = "--batch-time-limit"


@dataclass
class Outcome:
    """What a nightly run did, for the terminal summary and the exit code."""

    run: runs.Run
    diff: Diff | None
    findings: list[Finding]
    authority_names: list[str]
    files: list[Path] = field(default_factory=list)
    output_error: str | None = None  # the JSON/HTML files could not be written (the run stays recorded)
    mail: str = ""  # what happened to the email, as recorded in the run's row
    mail_failed: bool = False
    abandoned: list[int] = field(default_factory=list)  # earlier runs found dead (killed or crashed) by this one
    sync_failure: str | None = None  # the committee-system sync before the run failed (`comply nightly --sync`)
    reminders: reminders.Outcome | None = None  # the owners' reminders (None: the run did not complete)
    desk_url: str | None = None  # the desk's address, for the digest's links to findings (None: no links)

    @property
    def exit_code(self) -> int:
        reminder_failed = self.reminders is not None and bool(self.reminders.failed)
        if (
            self.run.status != "completed"
            or self.mail_failed
            or self.output_error
            or self.sync_failure
            or reminder_failed
        ):
            return 2
        return 1 if self.run.counts.get("breached", 0) else 0


# -- small pieces ---------------------------------------------------------------------------------


def check_batch_time_limit(seconds: float | str) -> float:
    """`comply nightly --batch-time-limit SECONDS`, checked: a finite number of seconds above 0 (the seconds one
    batch of authorities may run before the run stops and fails, naming it), given as a number or as the option's
    text. Returns it as a float; raises InputError naming the option and the value given otherwise (not a number,
    0, a negative number, nan or inf: an unattended run must end)."""
    expected = f"{BATCH_TIME_LIMIT_OPTION}: expected a number of seconds above 0 (default {BATCH_TIME_LIMIT_S:g})"
    try:
        value = float(seconds)
    except ValueError:
        raise InputError(f"{expected}, got {seconds!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"{expected}, got {seconds if isinstance(seconds, str) else f'{value:g}'}")
    return value


def _no_stage_hook(stage: str) -> None:
    """The default stage hook: nothing happens at any stage."""


#: Called with the stage's name each time a run reaches one of STAGES; does nothing by default.
#:
#: Why this seam stays in production code: the kill-safety tests must stop a real `comply nightly`
#: process at a known moment (holding the lock; after its "running" row; mid-evaluation; inside
#: the commit) to kill it or to start a second run, and only the run itself knows when it is
#: there. A test installs its own hook in the process it starts (tests/nightly_support.py); no
#: environment variable or file is read here.
stage_hook: Callable[[str], None] = _no_stage_hook

#: the stages at which `stage_hook` is called, in order: "locked" (the lock is held, nothing is
#: recorded yet), "after_running_row" (the run's "running" row is committed), "evaluating" (after
#: the rules have run for a direction: called once per direction evaluated), "in_commit" (the
#: findings and the "completed" mark are written but not yet committed)
STAGES = ("locked", "after_running_row", "evaluating", "in_commit")


def _reached(stage: str) -> None:
    """Call the stage hook (looked up at call time, so that a hook installed later is the one called)."""
    stage_hook(stage)


def _pausing(evaluator: Evaluator) -> Evaluator:
    """The evaluator, calling the stage hook with "evaluating" after the rules have run for each
    direction (the rules engine in use, the later directions not yet evaluated)."""

    def evaluate(obligations: list[dict], evidence: list[dict], clock: dict) -> Any:
        firings = evaluator(obligations, evidence, clock)
        _reached("evaluating")
        return firings

    return evaluate


def write_outputs(
    out_dir: Path,
    run: runs.Run,
    diff: Diff | None,
    found: list[Finding],
    authority_names: list[str],
    sync_failure: str | None = None,
    desk_url: str | None = None,
) -> list[Path]:
    """run-<id>-<as-of date>.json (the run, every finding, the diff, a failed sync's reason) and .html (the
    summary, led by a failed sync, its findings linked to the desk at `desk_url` when given)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"run-{run.id}-{run.as_of_date}"
    doc = {
        "run": run.to_json(),
        "authorities": authority_names,
        "diff": diff.to_json() if diff is not None else None,
        "findings": [f.model_dump(mode="json") for f in found],
        "sync_failure": sync_failure,
    }
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    write_atomically(stem.with_suffix(".json"), text.encode("utf-8"), option="--out")
    html = digest.html_summary(run, diff, found, authority_names, sync_failure, desk_url)
    write_atomically(stem.with_suffix(".html"), html.encode("utf-8"), option="--out")
    return [stem.with_suffix(".json"), stem.with_suffix(".html")]


def describe_running(store_path: Path) -> str:
    """Words for the run holding the lock, from its "running" row (if it has written one yet)."""
    try:
        with Store.open(store_path) as store:
            live = runs.running(store)
    except Exception as exc:  # the message must still be given
        return f"its run could not be read: {exc}"
    if not live:
        return "its run has not recorded itself yet"
    r = live[-1]
    return f"run #{r.id} as of {r.as_of_date}, pid {r.pid} on {r.host}, started {r.started_at}"


# -- the run --------------------------------------------------------------------------------------


def run_nightly(
    store_path: Path,
    open_store: Callable[[], Store],
    directions_dir: Path,
    as_of: DateTime,
    due_soon_days: int,
    out_dir: Path,
    mail: digest.MailConfig | None,
    evaluator: Evaluator = rete_evaluate,
    known_at: DateTime | None = None,
    sync_failure: str | None = None,
    desk_url: str | None = None,
    executor: str | None = None,
    batch_time_limit: float = BATCH_TIME_LIMIT_S,
) -> Outcome:
    """One nightly run, under the lock, with the facts as the store held them at `known_at` (default:
    the instant the run starts), recorded with the run with the text of every direction file read. Raises RunLocked when another run holds it, and StoreError
    when the store cannot be opened or the run cannot record itself in it (read-only, disk full,
    not a SQLite file); every failure after the run has recorded itself is caught, recorded and
    reported in the Outcome (exit code 2). `sync_failure`: why the committee-system sync before the run failed
    (`comply nightly --sync`): the run evaluates the facts stored, and its files and digest lead with the failure
    (exit code 2). `desk_url`: the desk's address, for the digest's links to findings (default: the mail
    configuration's `desk_url`; None: no links). `executor`: where the authorities are evaluated, None for
    the local process pool or a Dask scheduler's tcp://HOST:PORT (`comply nightly --executor`; evaluate_all).
    `batch_time_limit`: seconds a batch of authorities may run before the run stops and fails, naming the batch and
    the limit (`comply nightly --batch-time-limit`); InputError when not above 0 (check_batch_time_limit)."""
    check_batch_time_limit(batch_time_limit)
    if desk_url is None and mail is not None:
        desk_url = mail.desk_url
    try:
        with nightly_lock(store_path, lambda: describe_running(store_path)), json_log(out_dir / LOG_NAME) as log:
            _reached("locked")
            with open_store() as store:
                known = known_at if known_at is not None else clock.now()
                return _run_locked(
                    store,
                    directions_dir,
                    as_of,
                    due_soon_days,
                    out_dir,
                    mail,
                    evaluator,
                    log,
                    known,
                    sync_failure,
                    desk_url,
                    executor,
                    batch_time_limit,
                )
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"{store_path}: the nightly run could not run or be recorded: {type(exc).__name__}: {exc}"
        ) from None


def _run_locked(
    store: Store,
    directions_dir: Path,
    as_of: DateTime,
    due_soon_days: int,
    out_dir: Path,
    mail: digest.MailConfig | None,
    evaluator: Evaluator,
    log: logging.Logger,
    known_at: DateTime,
    sync_failure: str | None = None,
    desk_url: str | None = None,
    executor: str | None = None,
    batch_time_limit: float = BATCH_TIME_LIMIT_S,
) -> Outcome:
    as_of_iso = calendar.iso(as_of)
    as_of_date = as_of.in_timezone(calendar.LONDON).date().isoformat()
    texts: dict[str, str] | None = None
    try:  # an unreadable direction file fails the run below, once the run has recorded itself
        texts = provenance.direction_texts(directions_dir)
        hashes, unreadable = provenance.hashes_of_texts(texts), None
    except (OSError, UnicodeDecodeError) as exc:
        hashes, unreadable = {}, f"{directions_dir}: the direction files cannot be read: {type(exc).__name__}: {exc}"
    version = provenance.code_version()
    known_iso = instant_text(known_at)
    run_id = runs.start(store, as_of_iso, as_of_date, due_soon_days, version, hashes, known_iso, texts)
    _log(
        log,
        "run started",
        run=run_id,
        as_of=as_of_iso,
        known_at=known_iso,
        store=str(store.path),
        code_version=version,
        direction_files=hashes,
        pid=os.getpid(),
        batch_time_limit_s=batch_time_limit,
    )
    abandoned = runs.mark_abandoned(store, found_by=run_id)
    for stale in abandoned:
        _log(log, "earlier run found abandoned: marked failed", logging.WARNING, run=run_id, abandoned_run=stale)
    _reached("after_running_row")
    names: list[str] = []
    directions: list[Direction] = []
    try:
        if unreadable:
            raise InputError(unreadable)
        directions = load_directions(directions_dir)
        if provenance.direction_hashes(directions_dir) != hashes:
            raise InputError(f"{directions_dir}: the direction files changed while the run read them; run again")
        found: list[Finding] = []
        keys = store.authorities(known_at)
        # a direction naming an authority the store does not hold would silently give no findings
        refuse_unknown_references(directions, keys, {})
        if len(keys) > SINGLE_WORKER_AUTHORITIES:
            _log(
                log,
                "evaluating in worker processes",
                run=run_id,
                authorities=len(keys),
                batch=WORKER_BATCH,
                workers=executors.WORKERS,
                executor=executor or "local",
            )
        for key, name, report, seconds in evaluate_all(
            store,
            keys,
            directions,
            as_of,
            due_soon_days,
            _pausing(evaluator),
            log,
            known_at,
            executor,
            batch_time_limit,
        ):
            names.append(name)
            per_direction: dict[str, dict[str, int]] = {}
            for f in report.findings:
                per_direction.setdefault(f.direction, {}).setdefault(f.status, 0)
                per_direction[f.direction][f.status] += 1
            _log(
                log,
                "authority evaluated",
                run=run_id,
                authority=key,
                seconds=seconds,
                findings=len(report.findings),
                counts=report.counts,
                by_direction=per_direction,
            )
            found.extend(report.findings)
        if not names:
            raise InputError(f"{store.path}: no authority in the store: nothing to evaluate")
        base = runs.baseline(store, as_of_date, run_id)
        diff = _compared(store, base.run, found, run_id)
        diff.also_covers = base.unsent
        counts = runs.complete(store, run_id, found, diff.before, before_commit=lambda: _reached("in_commit"))
        _log(log, "run committed", run=run_id, findings=len(found), counts=counts, compared_with=diff.before)
        _log(
            log,
            "diff",
            run=run_id,
            compared_with=diff.before,
            counts=diff.counts(),
            changed=diff.changed,
            also_covers=[u.to_json() for u in diff.also_covers],
            **(
                {"not_compared_with": diff.not_compared_with, "not_compared": diff.not_compared}
                if diff.not_compared
                else {}
            ),
        )
    except Exception as exc:  # every failure is recorded and reported, never an all clear
        reason = f"{type(exc).__name__}: {exc}"
        runs.fail(store, run_id, reason)
        _log(log, "run failed", logging.ERROR, run=run_id, error=reason)
        outcome = Outcome(runs.get(store, run_id), None, [], names)
    else:
        outcome = Outcome(runs.get(store, run_id), diff, found, names)
    outcome.abandoned = abandoned
    outcome.sync_failure = sync_failure
    outcome.desk_url = desk_url
    if outcome.run.status == "completed":
        todo = digest.to_do(outcome.run, outcome.diff, outcome.findings, desk_url)
        _log(
            log,
            "what to do",
            run=outcome.run.id,
            headline=todo.headline(),
            first_run=todo.first_run,
            not_compared=todo.not_compared,
            new_breaches=[i.finding.id for i in todo.new_breaches],
            new_unknowns=[i.finding.id for i in todo.new_unknowns],
            standing_breaches=len(todo.standing_breaches),
            standing_unknowns=len(todo.standing_unknowns),
            falling_due=[i.finding.id for i in todo.falling_due],
        )
    if sync_failure:
        _log(
            log,
            "moderngov sync failed before the run: the stored facts were evaluated",
            logging.ERROR,
            error=sync_failure,
        )
    _outputs(outcome, out_dir, log)
    _mail(store, outcome, mail, log)
    _remind(store, outcome, directions, mail, as_of, log)
    return outcome


def _compared(store: Store, previous: runs.Run | None, found: list[Finding], run_id: int) -> Diff:
    """Tonight's findings compared with those of `previous`, the last run whose digest was told (runs.baseline; None: a
    first run, or no digest told yet), finding by finding,
    when both runs' findings have the same form (runs.not_comparable); otherwise, or when the earlier run's findings
    cannot be read by this version, not compared: the run is a baseline that says why (Diff.not_compared), so that
    the first night after an upgrade lists what stands rather than calling it all new."""
    if previous is None:
        return compare(None, found, None, run_id)
    why = runs.not_comparable(previous)
    if why is None:
        try:
            return compare(runs.findings(store, previous.id), found, previous.id, run_id)
        except InputError as exc:  # stored in a form this version cannot read, though its format says otherwise
            why = f"the findings of the last run, #{previous.id}, cannot be read by this version of comply: {exc}"
    return compare(None, found, None, run_id, not_compared=(previous.id, why))


def _remind(
    store: Store,
    outcome: Outcome,
    directions: list[Direction],
    cfg: digest.MailConfig | None,
    as_of: DateTime,
    log: logging.Logger,
) -> None:
    """After the digest: the owners' reminders and the Monitoring Officer's new breaches
    (engine/operations/reminders.py), for a completed run only. A failure is reported, never raised:
    the run stays recorded, and what was not sent is not stored, so it is sent again the next night."""
    if outcome.run.status != "completed":
        return
    try:
        not_compared = outcome.diff.not_compared if outcome.diff is not None else None
        outcome.reminders = reminders.send_reminders(
            store, outcome.run.id, outcome.findings, directions, cfg, as_of, log, not_compared
        )
    except Exception as exc:  # noqa: BLE001 - the store failed while reading owners or recording: reported
        outcome.reminders = reminders.Outcome(failed=[f"{type(exc).__name__}: {exc}"])
        _log(log, "reminders failed", logging.ERROR, run=outcome.run.id, error=outcome.reminders.failed[0])


def _evaluate_batch(
    store_path: Path,
    keys: list[str],
    directions: list[Direction],
    as_of: DateTime,
    due_soon_days: int,
    evaluator: Evaluator,
    known_at: DateTime | None = None,
    busy_timeout: float | None = None,
) -> list[tuple[str, str, Report, float]]:
    """Evaluate some authorities (the facts known at `known_at`; None: now): (key, name, report,
    seconds) each, in the order given. `busy_timeout`: as Store.open's."""
    with Store.open(store_path, busy_timeout) as store:
        states = store.load_many(keys, known_at=known_at)
    return _evaluate_states(keys, states, directions, as_of, due_soon_days, evaluator)


def _evaluate_states(
    keys: list[str],
    states: dict[str, AuthorityState],
    directions: list[Direction],
    as_of: DateTime,
    due_soon_days: int,
    evaluator: Evaluator,
) -> list[tuple[str, str, Report, float]]:
    """Evaluate the authorities whose states are given: (key, name, report, seconds) each, in the order
    of `keys` (what a batch sent to a Dask worker runs: its facts travel with it)."""
    out = []
    for key in keys:
        started = time.perf_counter()
        report = check(states[key], directions, as_of, due_soon_days, evaluator)
        out.append((key, states[key].authority.name, report, round(time.perf_counter() - started, 3)))
    return out


def _evaluate_shipped(
    task: tuple[list[str], dict[str, AuthorityState], list[Direction], DateTime, int, Evaluator],
) -> list[tuple[str, str, Report, float]]:
    """A batch as it travels to a Dask worker: _evaluate_states' arguments, facts and all."""
    return _evaluate_states(*task)


def evaluate_all(
    store: Store,
    keys: list[str],
    directions: list[Direction],
    as_of: DateTime,
    due_soon_days: int,
    evaluator: Evaluator,
    log: logging.Logger,
    known_at: DateTime | None = None,
    executor: str | None = None,
    batch_time_limit: float = BATCH_TIME_LIMIT_S,
) -> list[tuple[str, str, Report, float]]:
    """Every authority's report, from the facts known at `known_at` (None: now), evaluated in fresh worker processes
    (engine/operations/executors.py), never in the run's own process: durable-rules never frees a state in a process (a
    national run in one process would grow until the machine ran out of memory) and can crash its process (a
    segmentation fault here would kill the run with no failure recorded and no email). Up to
    SINGLE_WORKER_AUTHORITIES authorities in one worker; more in batches of WORKER_BATCH, WORKERS
    at a time. A worker that dies is logged and its batch evaluated again in a new one (up to
    executors.CRASH_RETRIES times; then EngineError, which fails the run, and the failure is mailed); a
    batch still running after `batch_time_limit` seconds (default BATCH_TIME_LIMIT_S) fails the run the same way,
    naming the batch, the limit and its option, its worker killed.
    An error of comply's own in a single worker is raised as it was; in batches, as EngineError
    naming the batch. `executor`: None for the local process pool; a Dask scheduler's tcp://HOST:PORT to
    evaluate there, each batch's facts read here and sent with it (the Dask workers need no store)."""
    single = len(keys) <= SINGLE_WORKER_AUTHORITIES
    size = len(keys) if single else WORKER_BATCH
    batches = [keys[i : i + size] for i in range(0, len(keys), size)]
    crashes: list[str] = []

    def ship(batch: list[str]) -> tuple[Callable[[Any], Any], Any]:
        states = store.load_many(batch, known_at=known_at)
        return _evaluate_shipped, (batch, states, directions, as_of, due_soon_days, evaluator)

    results = executors.run_batches(
        lambda batch: _evaluate_batch(
            store.path, batch, directions, as_of, due_soon_days, evaluator, known_at, store.busy_timeout
        ),
        batches,
        executor=executor,
        ship=ship,
        describe=lambda batch: f"authorities {batch[0]}..{batch[-1]}",
        label="nightly evaluation",
        crashes=crashes,
        keep_errors=single,
        time_limit=batch_time_limit,
        time_limit_named=f"the time limit of a batch, {BATCH_TIME_LIMIT_OPTION}",
    )
    for crash in crashes:
        _log(log, "worker process died: its batch was evaluated again", logging.WARNING, error=crash)
    return [row for batch in results for row in batch]


def _outputs(outcome: Outcome, out_dir: Path, log: logging.Logger) -> None:
    """Write the files; a failure (disk full, no permission) is reported, and the mail still goes."""
    try:
        outcome.files = write_outputs(
            out_dir,
            outcome.run,
            outcome.diff,
            outcome.findings,
            outcome.authority_names,
            outcome.sync_failure,
            outcome.desk_url,
        )
    except Exception as exc:  # noqa: BLE001 - disk full, no permission, a rendering error: the run stays recorded
        outcome.output_error = f"{type(exc).__name__}: {exc}"
        _log(log, "outputs failed", logging.ERROR, run=outcome.run.id, error=outcome.output_error)
    else:
        _log(log, "outputs written", run=outcome.run.id, files=[str(p) for p in outcome.files])


def _mail(store: Store, outcome: Outcome, cfg: digest.MailConfig | None, log: logging.Logger) -> None:
    """Send the digest when something changed or a breach stands, the FAILED notice when the run
    failed, and nothing otherwise; note in the run's row what happened."""
    run, diff = outcome.run, outcome.diff
    wanted = (
        run.status != "completed"
        or run.counts.get("breached", 0) > 0
        or diff is None
        or diff.changed
        or bool(outcome.abandoned)
        or bool(outcome.sync_failure)
        or bool(diff.also_covers)  # a night whose email failed is told tonight, even when all since is quiet
    )
    if not wanted:
        outcome.mail = runs.MAIL_SKIPPED
        _log(log, "email skipped: no change and no breach", run=run.id)
    elif cfg is None:
        outcome.mail = runs.MAIL_NOT_CONFIGURED
        _log(log, "email not sent: no SMTP host configured", logging.WARNING, run=run.id)
    else:
        try:
            subject = digest.subject(run, diff, outcome.authority_names, outcome.sync_failure, outcome.findings)
            text = digest.text_summary(run, diff, outcome.findings, outcome.sync_failure, outcome.desk_url)
            if outcome.abandoned:  # a night lost to a kill or a crash is reported, even when all else is quiet
                died = ", ".join(f"#{n}" for n in outcome.abandoned)
                subject += f" (earlier run {died} died unfinished: FAILED)"
                text = (
                    f"Earlier run {died} ended without completing (killed or crashed) and is recorded as "
                    f"failed: see `comply history`.\n\n"
                ) + text
            msg = digest.build_message(
                cfg,
                subject,
                text,
                digest.html_summary(
                    run, diff, outcome.findings, outcome.authority_names, outcome.sync_failure, outcome.desk_url
                ),
            )
            digest.send(cfg, msg)
        except Exception as exc:  # smtplib.SMTPException, OSError, ssl errors: the run stays recorded
            outcome.mail = f"{runs.MAIL_FAILED}{type(exc).__name__}: {exc} (via {cfg.host}:{cfg.port})"
            outcome.mail_failed = True
            _log(log, "email failed", logging.ERROR, run=run.id, error=outcome.mail)
        else:
            outcome.mail = f"{runs.MAIL_SENT}{', '.join(cfg.recipients)}"
            _log(
                log,
                "email sent",
                run=run.id,
                to=list(cfg.recipients),
                subject=msg["Subject"],
                kind="failed-run notice" if run.status != "completed" else "digest",
            )
    runs.set_mail(store, run.id, outcome.mail)
    outcome.run = runs.get(store, run.id)


# -- replaying a run ------------------------------------------------------------------------------


@dataclass
class Replay:
    """A past run evaluated again: the facts as known at its known-at instant, the direction texts it
    read, its as-of instant and due-soon window. `recorded` is what the run recorded (None when it
    kept no findings: failed, or replaced by a later run for its date)."""

    run: runs.Run
    findings: list[Finding]
    recorded: list[Finding] | None

    def differences(self) -> list[str]:
        """The finding ids whose replayed finding differs from the recorded one (or is only in one)."""
        if self.recorded is None:
            return []
        before = {f.id: f.model_dump(mode="json") for f in self.recorded}
        after = {f.id: f.model_dump(mode="json") for f in self.findings}
        return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))

    def form_changed(self) -> str | None:
        """Why the run's recorded findings may differ from the replayed ones with nothing having changed but comply:
        the run was made by a version whose findings have another form (runs.not_comparable; docs/nightly.md, "After
        an upgrade"), in words such as 'nightly run #3 was made by an earlier version of comply (0.1.0+git.abc),
        before runs recorded the form of their findings'; None when the forms are the same."""
        return runs.not_comparable(self.run, called="nightly run #{id}")


def replay(store: Store, run_id: int, evaluator: Evaluator = rete_evaluate) -> Replay:
    """Evaluate a recorded run again exactly as it ran: the facts the store held at the run's
    known-at instant (later corrections, withdrawals and new facts left out) and the direction texts
    it read (not today's files). Records nothing. Raises InputError for no such run, or a run
    recorded before runs kept what they read (schema 6)."""
    run = runs.get(store, run_id)
    texts = runs.direction_texts(store, run_id)
    if texts is None or run.known_at is None:
        raise InputError(
            f"{store.path}: nightly run #{run_id} was recorded before runs kept the facts' known-at instant and "
            "the direction texts they read; it cannot be replayed"
        )
    with tempfile.TemporaryDirectory(prefix=f"comply-replay-{run_id}-") as folder:
        for name, text in texts.items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        directions = load_directions(Path(folder))
    as_of = calendar.parse_instant(run.as_of)
    known_at = calendar.parse_instant(run.known_at)
    keys = store.authorities(known_at)
    rows = evaluate_all(
        store, keys, directions, as_of, run.due_soon_days, evaluator, logging.getLogger("comply.replay"), known_at
    )
    found = [f for _, _, report, _ in rows for f in report.findings]
    recorded = runs.findings(store, run_id) if run.status == "completed" else None
    return Replay(run, found, recorded)
