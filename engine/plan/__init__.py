"""Improvement-plan tracking: the council's milestone statuses as rules.

deadlines.py reads "deadline as written" into an explicit reading; model.py holds a plan row;
importer.py loads a plan (CSV or .xlsx) into the store; rules_runner.py derives each milestone's
status with durable-rules (rules/plan.py); position.py summarises a plan as of a date.
"""
