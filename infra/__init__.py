"""The CDK app of PhotoCen: one construct per capability, a thin stack that composes them.

See ``infra/README.md`` for how to add a capability.
"""
