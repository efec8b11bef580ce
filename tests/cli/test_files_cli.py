"""`comply attach`, `comply evidence-pack` and the backup of evidence files, as a user runs them: real
processes on a real store (its files folder beside it)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from helpers import comply

from engine.store import audit
from engine.store import files as F
from engine.store.sqlite import Store

FACT = "submission:bv-2017-q1-report"
Q1 = "tower-hamlets/bv-2017.quarterly-report/1"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EML = b"From: mo@towerhamlets.gov.uk\nSubject: The Q1 report\nDate: Mon, 3 Jul 2017 10:00:00 +0100\n\nAttached.\n"


def papers(tmp_path: Path) -> tuple[Path, Path]:
    minute, email = tmp_path / "minute.pdf", tmp_path / "covering email.eml"
    minute.write_bytes(PDF)
    email.write_bytes(EML)
    return minute, email


def test_attach_stores_each_file_once_and_logs_it(tmp_path: Path) -> None:
    store = tmp_path / "comply.db"
    minute, email = papers(tmp_path)
    done = comply("attach", FACT, str(minute), str(email), store=store)
    assert done.returncode == 0, done.stderr
    assert (
        f"attached {minute} to {FACT}: PDF, {len(PDF)} bytes, SHA-256 {hashlib.sha256(PDF).hexdigest()}" in done.stderr
    )
    again = comply("attach", FACT, str(minute), store=store)
    assert again.returncode == 0 and "already attached" in again.stderr
    with Store.open(store) as s:
        assert [a.filename for a in F.attachments(s, "tower-hamlets", FACT)] == ["minute.pdf", "covering email.eml"]
        logged = audit.entries(s, action="attach")
        assert len(logged) == 2 and all(e.actor.startswith("comply attach (OS user ") for e in logged)
    assert len(list(F.files_folder(store).rglob("*/*"))) == 2


def test_attach_refuses_a_wrong_type_or_size_and_stores_none_of_the_files(tmp_path: Path) -> None:
    store = tmp_path / "comply.db"
    minute, _ = papers(tmp_path)
    gif = tmp_path / "photo.pdf"
    gif.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00")
    refused = comply("attach", FACT, str(minute), str(gif), store=store)
    assert refused.returncode == 2 and refused.stdout == ""
    assert (
        f"error: {gif}: a file of type image/gif (.gif) is not accepted as an evidence file; expected PDF"
        in refused.stderr
    )
    big = tmp_path / "scan.pdf"
    big.write_bytes(PDF + b"0" * (1024 * 1024))
    over = comply("attach", FACT, str(big), "--max-file-mb", "1", store=store)
    assert over.returncode == 2 and f"{big}: 1.0 MB (1,048,627 bytes) is over the limit" in over.stderr
    assert "at most 1.0 MB (1,048,576 bytes)" in over.stderr
    missing = comply("attach", "submission:nope", str(minute), store=store)
    assert missing.returncode == 2 and "submission:nope: no stored fact of tower-hamlets" in missing.stderr
    # a file that is not there, or cannot be read: an input error naming it (it was an internal error, exit 3)
    absent = comply("attach", FACT, str(minute), str(tmp_path / "no such.pdf"), store=store)
    assert absent.returncode == 2 and absent.stderr.strip() == f"error: {tmp_path / 'no such.pdf'}: no such file"
    with Store.open(store) as s:
        assert s.conn.execute("SELECT COUNT(*) FROM fact_files").fetchone()[0] == 0
    assert not F.files_folder(store).exists() or not list(F.files_folder(store).rglob("*/*"))


def test_the_evidence_pack_holds_the_findings_the_files_and_a_manifest_that_checks(tmp_path: Path) -> None:
    store = tmp_path / "comply.db"
    minute, email = papers(tmp_path)
    assert comply("attach", FACT, str(minute), str(email), store=store).returncode == 0
    pack = tmp_path / "pack.zip"
    made = comply("evidence-pack", "--as-of", "1/2/2018", "--out", str(pack), store=store)
    assert made.returncode == 0, made.stderr
    checked = comply("check", "--as-of", "1/2/2018", "--format", "json", store=store)
    with zipfile.ZipFile(pack) as zf:
        names = sorted(zf.namelist())
        manifest_bytes = zf.read("manifest.json")
        manifest = json.loads(manifest_bytes)
        findings = zf.read("findings.json")
        assert findings.decode("utf-8") == checked.stdout  # the very JSON of comply check
        assert manifest["findings"]["sha256"] == hashlib.sha256(findings).hexdigest()
        assert manifest["as_of"] == json.loads(findings)["as_of"]
        assert len(manifest["files"]) == 2
        for entry in manifest["files"]:
            data = zf.read(entry["path"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
            assert entry["path"] == f"files/{entry['sha256']}/{entry['name']}"
            assert entry["facts"] == [FACT] and entry["findings"] == [Q1]
        assert {e["name"]: e["media_type"] for e in manifest["files"]} == {
            "minute.pdf": "application/pdf",
            "covering email.eml": "message/rfc822",
        }
    assert names == sorted(["manifest.json", "findings.json", *[e["path"] for e in manifest["files"]]])
    assert made.stdout.strip() == f"manifest SHA-256 {hashlib.sha256(manifest_bytes).hexdigest()}"
    # never over a file without --force; the same store and date make the same pack
    before = pack.read_bytes()
    refused = comply("evidence-pack", "--as-of", "1/2/2018", "--out", str(pack), store=store)
    assert refused.returncode == 2 and "already exists; give --force" in refused.stderr
    forced = comply("evidence-pack", "--as-of", "1/2/2018", "--out", str(pack), "--force", store=store)
    assert forced.returncode == 0 and pack.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".pack.zip")] == []


def test_a_pack_with_a_damaged_file_is_not_written(tmp_path: Path) -> None:
    store = tmp_path / "comply.db"
    minute, _ = papers(tmp_path)
    assert comply("attach", FACT, str(minute), store=store).returncode == 0
    F.blob_path(store, hashlib.sha256(PDF).hexdigest()).write_bytes(b"%PDF-1.4 altered")
    pack = tmp_path / "pack.zip"
    refused = comply("evidence-pack", "--as-of", "1/2/2018", "--out", str(pack), store=store)
    assert refused.returncode == 2 and "no longer match its SHA-256" in refused.stderr
    assert not pack.exists()


def test_the_backup_carries_the_evidence_files(tmp_path: Path) -> None:
    store = tmp_path / "comply.db"
    minute, email = papers(tmp_path)
    assert comply("attach", FACT, str(minute), str(email), store=store).returncode == 0
    target = tmp_path / "backup.db"
    done = comply("backup", str(target), store=store, init=False)
    assert done.returncode == 0, done.stderr
    assert f"and its 2 evidence files ({len(PDF) + len(EML)} bytes) in {target}.files" in done.stderr
    for data in (PDF, EML):
        sha = hashlib.sha256(data).hexdigest()
        assert F.read_bytes(target, sha) == data  # the backup's own folder, found as a restored store's
    # a file the store refers to that is missing fails the backup, and nothing is left
    F.blob_path(store, hashlib.sha256(EML).hexdigest()).unlink()
    second = tmp_path / "second.db"
    failed = comply("backup", str(second), store=store, init=False)
    assert failed.returncode == 2 and "is missing from the store's files folder; no backup was made" in failed.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".second", "second"))) == []
