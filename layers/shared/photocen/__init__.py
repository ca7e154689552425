"""PhotoCen shared package: domain logic, data access, ports and adapters.

Shipped to Lambda as a layer (`/opt/python/photocen`); imported by the thin handlers in
`functions/<name>/handler.py`. Nothing outside `photocen.repositories`-style modules
(`tables`, `ledger`, `accounts`, `aws`) touches boto3 or PynamoDB.
"""
