"""The plain-Python oracle, re-exported for the tests (it lives in engine/evaluation/oracle.py so that the
benchmark can run it too)."""

from engine.evaluation.oracle import oracle_evaluate

__all__ = ["oracle_evaluate"]
