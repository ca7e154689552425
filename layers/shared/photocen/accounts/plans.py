"""What a new account receives. (The plan table, what an account may do, is
``photocen.limits.plans``: it lives with the limits that enforce it.)"""

from __future__ import annotations

SIGNUP_CREDITS = 10
