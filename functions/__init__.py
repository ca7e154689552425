"""Thin Lambda entry points, one folder per function: wiring and routes only.

In Lambda the code asset is this folder (as the package ``functions``), so a handler's import
path is the same in Lambda and in tests: ``functions.<name>.handler.lambda_handler``.
"""
