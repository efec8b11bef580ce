"""The administrator's journey through Users, for real: `comply serve` on a SQLite file, Debian's chromium
(playwright) in two browser contexts, one per person. An administrator disables a user who is signed in
elsewhere; that user's next page sends them to sign in, and their sign-in (with the right password) is refused;
enabled again, they sign in. Then the Log shows it all."""

from __future__ import annotations

from browser import follow
from test_desk_web import VIEWER, VIEWER_PASSWORD, browser, comply, desk, sign_in  # noqa: F401 (fixtures)

ADMIN, ADMIN_PASSWORD = "administrator-1", "an administrator's long password"


def new_context(browser):  # noqa: F811
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    ctx.set_default_timeout(15_000)
    return ctx


def test_an_administrator_disables_a_signed_in_user_then_enables_them(desk, browser):  # noqa: F811
    made = comply(desk.store, "user", "add", ADMIN, "--role", "administrator", "--password-stdin", stdin=ADMIN_PASSWORD)
    assert made.returncode == 0, made.stderr
    theirs, mine = new_context(browser), new_context(browser)
    try:
        member = theirs.new_page()
        sign_in(member, desk, VIEWER, VIEWER_PASSWORD)
        assert "/login" not in member.url
        assert member.get_by_role("link", name="Users").count() == 0  # not for a viewer

        admin = mine.new_page()
        sign_in(admin, desk, ADMIN, ADMIN_PASSWORD)
        follow(admin.get_by_role("link", name="Users").first)
        assert admin.get_by_role("heading", level=1).inner_text() == "Users"
        row = admin.locator("tr", has=admin.get_by_role("link", name=VIEWER, exact=True))
        assert "Viewer" in row.inner_text() and "Enabled" in row.inner_text()
        follow(row.get_by_role("link", name=VIEWER, exact=True))
        follow(admin.get_by_role("link", name=f"Disable {VIEWER}"))
        assert admin.get_by_role("heading", level=1).inner_text() == f"Disable {VIEWER}?"
        follow(admin.get_by_role("button", name=f"Yes, disable {VIEWER}"))
        assert "The user is disabled" in admin.inner_text("body")
        assert "Disabled since" in admin.inner_text("dl")

        # the member's next page: their session has ended
        member.reload()
        assert "/login" in member.url
        member.fill("input[name=name]", VIEWER)
        member.fill("input[name=password]", VIEWER_PASSWORD)
        follow(member.locator("button[type=submit]"))
        assert "/login" in member.url and "This account is disabled" in member.inner_text("body")

        follow(admin.get_by_role("button", name=f"Enable {VIEWER}"))
        assert "The user is enabled" in admin.inner_text("body")
        member.fill("input[name=name]", VIEWER)
        member.fill("input[name=password]", VIEWER_PASSWORD)
        follow(member.locator("button[type=submit]"))
        assert "/login" not in member.url, member.inner_text("body")

        # the log: newest first, filtered by the member
        follow(admin.get_by_role("link", name="Log").first)
        admin.fill("input#user", VIEWER)
        follow(admin.get_by_role("button", name="Show"))
        assert f"user={VIEWER}" in admin.url
        whats = admin.locator("tbody tr td:nth-child(3)").all_inner_texts()
        assert whats[:3] == ["Signed in", "Sign-in refused", "Signed in"], whats
        assert "disabled; from 127.0.0.1" in admin.inner_text("tbody")
        admin.fill("input#user", ADMIN)
        admin.select_option("select#action", "user_disable")
        follow(admin.get_by_role("button", name="Show"))
        assert admin.locator("tbody tr td:nth-child(4)").all_inner_texts() == [VIEWER]
    finally:
        theirs.close()
        mine.close()
