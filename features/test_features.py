"""Bind every scenario of every .feature file in this folder to the step library in conftest.py."""

from pytest_bdd import scenarios

scenarios(".")
