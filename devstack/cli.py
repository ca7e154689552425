"""``photocen admin …``: the operator's command line.

Works against the running local stack (``--local``, reads the state file), against a deployed
stack (``--stack NAME``, reads the table names from its CloudFormation outputs), or against
whatever ``PHOTOCEN_*_TABLE`` variables the environment holds. A new token is printed once and
never stored.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from collections.abc import Sequence
from typing import Any

from photocen.accounts.settings import AccountSettings
from photocen.platform.errors import PhotoCenError
from photocen.platform.specs import BucketSpec, TableSpec
from photocen.resources import BUCKETS, TABLES


class AdminSettings(AccountSettings):
    """The operator CLI works on the same tables as the functions."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="photocen", description=__doc__.split("\n\n")[0])
    top = parser.add_subparsers(dest="area", required=True)
    admin = top.add_parser("admin", help="accounts, keys and credits")
    target = admin.add_mutually_exclusive_group()
    target.add_argument("--local", action="store_true", help="the running local stack (make dev)")
    target.add_argument("--stack", metavar="NAME", help="a deployed CloudFormation stack")
    admin.add_argument("--region", default=os.environ.get("AWS_REGION"))
    commands = admin.add_subparsers(dest="command", required=True)

    create = commands.add_parser("create-account", help="create an account and its first key")
    create.add_argument("--kind", choices=["user", "partner"], default="user")
    create.add_argument("--plan", default="free")
    create.add_argument("--name")
    create.add_argument(
        "--partner-id",
        help="make an end user of this partner (no free credits: its pool funds it)",
    )
    create.add_argument("--external-id", help="with --partner-id: the partner's id for it")

    issue = commands.add_parser("issue-key", help="issue another key for an account")
    issue.add_argument("account_id")

    revoke = commands.add_parser("revoke-key", help="revoke a key by its key id")
    revoke.add_argument("account_id")
    revoke.add_argument("key_id")

    keys = commands.add_parser("list-keys", help="list an account's keys (never the tokens)")
    keys.add_argument("account_id")

    grant = commands.add_parser("grant", help="grant credits through the ledger")
    grant.add_argument("account_id")
    grant.add_argument("amount", type=int)
    grant.add_argument("--reason", default="operator grant")
    grant.add_argument(
        "--idempotency-key",
        help="makes a retried grant safe: the same key never grants twice (default: new)",
    )

    partner = commands.add_parser(
        "create-partner", help="create a partner account (pc_partner_ key) and its pool"
    )
    partner.add_argument("--name", required=True)
    partner.add_argument("--plan", default="partner")

    pool = commands.add_parser("grant-pool", help="grant credits to a partner's pool")
    pool.add_argument("partner_id")
    pool.add_argument("amount", type=int)
    pool.add_argument("--reason", default="operator pool grant")
    pool.add_argument(
        "--idempotency-key",
        help="makes a retried grant safe: the same key never grants twice (default: new)",
    )

    users = commands.add_parser("list-partner-users", help="a partner's end users and credits")
    users.add_argument("partner_id")

    balance = commands.add_parser("balance", help="an account's balance and ledger")
    balance.add_argument("account_id")

    images = commands.add_parser(
        "import-images", help="import a folder of images into the delivery catalog"
    )
    images.add_argument("folder", help="*.jpg, *.jpeg, *.png, *.webp files, imported by name")
    images.add_argument("--author", required=True, help="credited in /id/{id}/info and /v2/list")
    images.add_argument("--owner", default="operator", help="owning account id (default: operator)")
    images.add_argument("--image-region", default="global", help="the images' region tag")

    commands.add_parser(
        "migrate-now",
        help="run the hourly migration now (searchable images → catalog and index)",
    )
    cleanup = commands.add_parser(
        "cleanup-now", help="run the private-image cleanup now (images 24 h old are deleted)"
    )
    cleanup.add_argument(
        "--advance-hours",
        type=float,
        default=0.0,
        help="local stack only: run as if the clock were this many hours later",
    )

    args = parser.parse_args(argv)
    try:
        _configure(args)
        result = _run(args)
    except PhotoCenError as exc:
        print(f"error: {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, default=str))
    return 0


def _configure(args: argparse.Namespace) -> None:
    """Point the environment at the chosen deployment before any table is bound."""
    if args.local:
        from devstack.environment import function_environment, state_file

        path = state_file()
        if not path.exists():
            raise SystemExit(f"no local stack: {path} is missing (start it with `make dev`)")
        state = json.loads(path.read_text())
        os.environ.update(function_environment(state["aws_endpoint_url"]))
    elif args.stack:
        import boto3

        outputs = {
            o["OutputKey"]: o["OutputValue"]
            for o in boto3.client("cloudformation", region_name=args.region)
            .describe_stacks(StackName=args.stack)["Stacks"][0]
            .get("Outputs", [])
        }
        # Each table and bucket spec names its stack output (infra/stack.py creates them).
        specs: list[TableSpec | BucketSpec] = [*TABLES, *BUCKETS]
        for spec in specs:
            if spec.output_id in outputs:
                os.environ[spec.env_var] = outputs[spec.output_id]
        if "CleanupFunctionName" in outputs:
            os.environ["PHOTOCEN_CLEANUP_FUNCTION"] = outputs["CleanupFunctionName"]
    if args.region:
        os.environ["AWS_REGION"] = args.region


def _run(args: argparse.Namespace) -> Any:
    if args.command == "import-images":
        return _import_images(args)
    if args.command in ("migrate-now", "cleanup-now"):
        return _run_task(args)
    from photocen.accounts.wiring import account_service_from
    from photocen.credits.wiring import ledger_from

    from devstack.cli import AdminSettings

    # Read now, not through the per-container cache: _configure has just set the environment.
    settings = AdminSettings()  # type: ignore[call-arg]
    accounts, ledger = account_service_from(settings), ledger_from(settings)
    if args.command == "create-account":
        if args.partner_id:
            if not args.external_id:
                raise SystemExit("--partner-id needs --external-id (the partner's id for it)")
            account, issued = accounts.create_end_user(
                args.partner_id, args.external_id, name=args.name, plan=args.plan
            )
            if issued is None:
                raise SystemExit(f"{args.external_id}: already an end user ({account.account_id})")
            key = issued
        else:
            account, key = accounts.create_account(kind=args.kind, plan=args.plan, name=args.name)
        return {
            "account_id": account.account_id,
            "kind": account.kind,
            "plan": account.plan,
            "credits": ledger.balance(account.account_id).balance,
            "key_id": key.key_id,
            "token": key.token,
            "note": "the token is shown once and never stored; keep it now",
        }
    if args.command == "issue-key":
        key = accounts.issue_key(args.account_id)
        return {"account_id": key.account_id, "key_id": key.key_id, "token": key.token}
    if args.command == "revoke-key":
        info = accounts.revoke_key(args.account_id, args.key_id, confirm_last=True)
        return {"key_id": info.key_id, "revoked_at": info.revoked_at}
    if args.command == "list-keys":
        return [k.__dict__ for k in accounts.list_keys(args.account_id)]
    if args.command == "grant":
        accounts.get_account(args.account_id)
        grant_key = args.idempotency_key or str(uuid.uuid4())
        outcome = ledger.grant(args.account_id, args.amount, f"operator:{grant_key}", args.reason)
        return {
            "account_id": args.account_id,
            "granted": outcome.entry.amount,
            "replayed": outcome.replayed,
            "credits": ledger.balance(args.account_id).balance,
        }
    if args.command == "create-partner":
        account, key = accounts.create_account(kind="partner", plan=args.plan, name=args.name)
        return {
            "partner_id": account.account_id,
            "plan": account.plan,
            "pool_credits": ledger.balance(account.account_id).balance,
            "key_id": key.key_id,
            "token": key.token,
            "note": "the token is shown once and never stored; keep it now",
        }
    if args.command == "grant-pool":
        if accounts.get_account(args.partner_id).kind != "partner":
            raise SystemExit(f"{args.partner_id} is not a partner account")
        grant_key = args.idempotency_key or str(uuid.uuid4())
        outcome = ledger.grant(args.partner_id, args.amount, f"operator:{grant_key}", args.reason)
        return {
            "partner_id": args.partner_id,
            "granted": outcome.entry.amount,
            "replayed": outcome.replayed,
            "pool_credits": ledger.balance(args.partner_id).balance,
        }
    if args.command == "list-partner-users":
        return _partner_users(accounts, ledger, args.partner_id)
    if args.command == "balance":
        accounts.get_account(args.account_id)
        now = ledger.balance(args.account_id)
        return {
            "account_id": args.account_id,
            "credits": now.balance,
            "metered_total": now.metered_total,
            "ledger": [e.__dict__ for e in ledger.entries(args.account_id)],
        }
    raise SystemExit(f"unknown command {args.command}")


def _partner_users(accounts: Any, ledger: Any, partner_id: str) -> Any:
    """Every end user of the partner (page by page), with its credits now."""
    if accounts.get_account(partner_id).kind != "partner":
        raise SystemExit(f"{partner_id} is not a partner account")
    users, cursor = [], None
    while True:
        page = accounts.end_users(partner_id, 100, cursor)
        users += [
            {
                "user_id": user.account_id,
                "external_id": user.external_id,
                "name": user.name,
                "status": user.status,
                "credits": ledger.balance(user.account_id).balance,
                "created_at": user.created_at,
            }
            for user in page.accounts
        ]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return {
        "partner_id": partner_id,
        "pool_credits": ledger.balance(partner_id).balance,
        "users": users,
    }


def _import_images(args: argparse.Namespace) -> Any:
    """Originals, masters and pre-shrunk copies to the catalog bucket; ids in name order."""
    from pathlib import Path

    from photocen.catalog.service import import_folder
    from photocen.catalog.settings import CatalogSettings
    from photocen.catalog.wiring import catalog_from

    folder = Path(args.folder)
    if not folder.is_dir():
        raise SystemExit(f"not a folder: {folder}")
    paths = sorted(
        str(p) for p in folder.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"}
    )
    catalog = catalog_from(CatalogSettings())  # type: ignore[call-arg]
    added = import_folder(
        catalog, paths, author=args.author, owner=args.owner, region=args.image_region
    )
    return {
        "imported": [
            {"id": i.image_id, "file": Path(p).name, "width": i.width, "height": i.height}
            for i, p in zip(added, paths, strict=True)
        ],
        "total": catalog.header(fresh=True).total,
    }


# At most this many invocations per `migrate-now`/`cleanup-now` (each drains one bounded batch).
MAX_TASK_INVOCATIONS = 50


def _run_task(args: argparse.Namespace) -> Any:
    """Invoke the cleanup function with its task, as its EventBridge rule does: on a
    deployed stack through Lambda; on the local stack through the gateway's stand-in of
    Lambda's Invoke API (the migration must run where the local index lives)."""
    from datetime import UTC, datetime, timedelta

    import boto3

    event: dict[str, Any] = {"task": "migrate" if args.command == "migrate-now" else "cleanup"}
    if getattr(args, "advance_hours", 0):
        if not args.local:
            raise SystemExit("--advance-hours moves the clock of the local stack only")
        as_of = datetime.now(UTC) + timedelta(hours=args.advance_hours)
        event["as_of"] = as_of.isoformat()
    region = os.environ.get("AWS_REGION") or "us-east-1"
    if args.local:
        from devstack.environment import state_file

        base_url = json.loads(state_file().read_text())["base_url"]
        lambda_client = boto3.client("lambda", region_name=region, endpoint_url=base_url)
        function_name = "cleanup"
    elif os.environ.get("PHOTOCEN_CLEANUP_FUNCTION"):
        lambda_client = boto3.client("lambda", region_name=region)
        function_name = os.environ["PHOTOCEN_CLEANUP_FUNCTION"]
    else:
        raise SystemExit("name a deployment: --local or --stack NAME")
    # One invocation works in bounded batches within its time limit; "run it now" means the
    # whole backlog, so invoke again while the report says more is left (as the next hourly
    # runs would), adding up the reports.
    total: dict[str, Any] = {"task": event["task"], "invocations": 0}
    total |= {"jobs": 0, "images": 0, "skipped": 0, "more": False, "errors": []}
    for _ in range(MAX_TASK_INVOCATIONS):
        total["invocations"] += 1
        payload = json.dumps(event).encode()
        answer = lambda_client.invoke(FunctionName=function_name, Payload=payload)
        result = json.loads(answer["Payload"].read() or b"null")
        if answer.get("FunctionError"):
            raise SystemExit(f"the cleanup function failed: {result}")
        if not isinstance(result, dict):
            return result
        for name in ("jobs", "images", "skipped"):
            total[name] += int(result.get(name) or 0)
        total["errors"] += list(result.get("errors") or [])
        total["more"] = bool(result.get("more"))
        if not total["more"] or result.get("errors") or not (result.get("jobs") or 0):
            break  # done, or stuck: the errors say why; the next run retries
    return total


if __name__ == "__main__":
    sys.exit(main())
