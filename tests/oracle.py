"""The plain-Python oracle, re-exported for the tests (it lives in engine/oracle.py so that the
benchmark can run it too)."""

from engine.oracle import oracle_evaluate

__all__ = ["oracle_evaluate"]
