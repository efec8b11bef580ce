"""engine.core.errors.unknown: the one way an unknown board, clause, authority, person or direction is said: what
was given, the nearest known values, and the known values or how many (and the command that lists them)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine.core.errors import MOST_LISTED, unknown

KEY = st.text("abcdefghijklmnopqrstuvwxyz-", min_size=4, max_size=20).filter(lambda k: k.strip("-"))


@given(known=st.sets(KEY, min_size=1, max_size=40), data=st.data())
def test_a_one_letter_typo_of_a_known_value_names_that_value_and_the_known_ones_or_their_count(known, data):
    meant = data.draw(st.sampled_from(sorted(known)))
    at = data.draw(st.integers(0, len(meant) - 1))
    typo = meant[:at] + ("x" if meant[at] != "x" else "y") + meant[at + 1 :]
    said = unknown("board", typo, known, " in the store", "comply owner list")
    assert said.startswith(f"no board {typo!r} in the store")
    if typo not in known:  # a typo of one value may be another known value; then nothing need be near
        near = said.partition("did you mean ")[2].partition("?")[0]
        assert near, said
    if len(known) <= MOST_LISTED:
        assert said.endswith(f"(known: {', '.join(sorted(known))})")
    else:
        assert said.endswith(f"({len(known)} known: `comply owner list` lists them)")


def test_the_nearest_value_ignores_case_and_nothing_known_says_so():
    assert unknown("authority", "Tower-Hamlets", ["tower-hamlets"]) == (
        "no authority 'Tower-Hamlets': did you mean 'tower-hamlets'? (known: tower-hamlets)"
    )
    assert unknown("board", "csib", [], " in the store") == "no board 'csib' in the store (none known)"
    assert unknown("board", "zzzz", ["bvib", "csib"]) == "no board 'zzzz' (known: bvib, csib)"
