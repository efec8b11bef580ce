"""The step library of the Gherkin scenarios in features/*.feature, generic over the direction files.

Every name a sentence uses comes from the data, never from this code: a duty by its clause's
`called:` (with an ordinal, "the third quarterly report", or a date, "the quarterly report due on
30 December 2017"), an instrument by its direction's `called:`, a role by its name under a direction's
`roles:`, a board, a person and a political group by their names in the facts file. The modules:

- `sentences`: the registry of sentences, each with its example (the lawyers' guide is generated from it);
- `names`: from words to things (a duty to finding ids, a board to its key...), with errors that say
  what the files do call things;
- `world`: the facts and directions a scenario builds, and the check it runs (a real SQLite store);
- `givens`, `checks`, `thens`: the sentences themselves.

features/conftest.py makes every step visible to pytest-bdd.
"""
