"""``photocen admin …`` against the moto environment the ``aws`` fixture sets up."""

from __future__ import annotations

import json

import pytest
from photocen.accounts.tokens import hash_token
from photocen.platform.errors import Unauthorized

from devstack.cli import main


def admin(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["admin", *args])
    out, err = capsys.readouterr()
    return code, out, err


def admin_json(capsys, *args: str):  # type: ignore[no-untyped-def]
    code, out, err = admin(capsys, *args)
    assert code == 0, err
    return json.loads(out), out


def test_create_account_prints_the_token_once_and_stores_only_its_hash(aws, capsys, accounts):
    # When an operator creates an account
    created, out = admin_json(capsys, "create-account", "--name", "Ada", "--plan", "pro")
    token = created["token"]
    # Then the output shows the token exactly once, with the free credits
    assert out.count(token) == 1
    assert token.startswith("pc_live_")
    assert created["credits"] == 10
    assert created["plan"] == "pro"
    assert "never stored" in created["note"]
    # …and the token works, but later listings never show it again
    assert accounts.resolve(token).account_id == created["account_id"]
    listed, out = admin_json(capsys, "list-keys", created["account_id"])
    assert [k["key_id"] for k in listed] == [created["key_id"]]
    assert token not in out
    assert hash_token(token) not in out


def test_create_partner_account_prints_a_partner_token(aws, capsys):
    created, _ = admin_json(capsys, "create-account", "--kind", "partner", "--plan", "partner")
    assert created["token"].startswith("pc_partner_")
    assert created["kind"] == "partner"


def test_grant_with_the_same_idempotency_key_grants_once(aws, capsys):
    # Given an account with its 10 free credits
    created, _ = admin_json(capsys, "create-account")
    account = created["account_id"]
    # When the same grant is run twice with one idempotency key (a retried script)
    first, _ = admin_json(capsys, "grant", account, "25", "--idempotency-key", "invoice-42")
    second, _ = admin_json(capsys, "grant", account, "25", "--idempotency-key", "invoice-42")
    # Then 25 credits arrive once
    assert (first["granted"], first["replayed"], first["credits"]) == (25, False, 35)
    assert (second["granted"], second["replayed"], second["credits"]) == (25, True, 35)
    # …while a grant without a key is a new grant each time
    third, _ = admin_json(capsys, "grant", account, "5")
    assert (third["replayed"], third["credits"]) == (False, 40)
    balance, _ = admin_json(capsys, "balance", account)
    assert balance["credits"] == 40
    assert sorted(e["amount"] for e in balance["ledger"]) == [5, 10, 25]


def test_issue_and_revoke_key(aws, capsys, accounts):
    created, _ = admin_json(capsys, "create-account")
    account = created["account_id"]
    issued, _ = admin_json(capsys, "issue-key", account)
    # When the first key is revoked
    revoked, _ = admin_json(capsys, "revoke-key", account, created["key_id"])
    # Then it stops resolving while the new one works
    assert revoked["key_id"] == created["key_id"]
    assert revoked["revoked_at"]
    with pytest.raises(Unauthorized):
        accounts.resolve(created["token"])
    assert accounts.resolve(issued["token"]).account_id == account


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["grant", "acct_missing", "5"], "not_found"),
        (["balance", "acct_missing"], "not_found"),
        (["revoke-key", "acct_missing", "key_0"], "not_found"),
        (["create-account", "--plan", "platinum"], "validation_error"),
    ],
)
def test_operator_mistakes_exit_1_with_the_error_code(aws, capsys, args, code):
    status, out, err = admin(capsys, *args)
    assert status == 1
    assert out == ""
    assert err.startswith(f"error: {code}: ")


def test_grant_of_a_non_positive_amount_is_refused(aws, capsys):
    created, _ = admin_json(capsys, "create-account")
    status, _, err = admin(capsys, "grant", created["account_id"], "0")
    assert status == 1
    assert "validation_error" in err


def test_stack_flag_reads_table_names_from_the_stack_outputs(aws, capsys, monkeypatch, accounts):
    # Given a deployed stack whose outputs name the tables (ids from the specs, as infra makes
    # them) and an environment that points somewhere else entirely
    from photocen.resources import BUCKETS, TABLES

    outputs = {spec.output_id: {"Value": aws.tables[spec.logical_name]} for spec in TABLES}
    outputs |= {spec.output_id: {"Value": aws.buckets[spec.logical_name]} for spec in BUCKETS}
    template = {
        "Resources": {"Marker": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
        "Outputs": outputs,
    }
    aws.client("cloudformation").create_stack(
        StackName="PhotoCenTest", TemplateBody=json.dumps(template)
    )
    for spec in TABLES:
        monkeypatch.setenv(spec.env_var, f"wrong-{spec.logical_name}")
    # When the operator creates an account against the stack
    created, _ = admin_json(capsys, "--stack", "PhotoCenTest", "create-account")
    # Then the account lives in the stack's tables (the environment's names were replaced)
    assert accounts.resolve(created["token"]).account_id == created["account_id"]


def test_an_operator_creates_a_partner_funds_its_pool_and_lists_its_users(aws, capsys, accounts):
    # Given a partner made by the operator
    created, out = admin_json(capsys, "create-partner", "--name", "Acme Prints")
    partner = created["partner_id"]
    assert created["token"].startswith("pc_partner_")
    assert out.count(created["token"]) == 1
    # When its pool is granted credits (twice with one key: a retried script)
    first, _ = admin_json(capsys, "grant-pool", partner, "40", "--idempotency-key", "po-7")
    again, _ = admin_json(capsys, "grant-pool", partner, "40", "--idempotency-key", "po-7")
    assert (first["pool_credits"], again["replayed"], again["pool_credits"]) == (50, True, 50)
    # …and it has end users (one made here, one by the service)
    user, _ = admin_json(
        capsys, "create-account", "--partner-id", partner, "--external-id", "crm-1"
    )
    assert user["credits"] == 0  # an end user is funded from the pool, never for free
    accounts.create_end_user(partner, "crm-2", name="Bo")
    # Then the listing shows both, with their credits and the pool
    listed, _ = admin_json(capsys, "list-partner-users", partner)
    assert listed["pool_credits"] == 50
    assert sorted(u["external_id"] for u in listed["users"]) == ["crm-1", "crm-2"]
    assert {u["credits"] for u in listed["users"]} == {0}


def test_partner_commands_refuse_an_account_that_is_not_a_partner(aws, capsys):
    created, _ = admin_json(capsys, "create-account")
    for command in (
        ["grant-pool", created["account_id"], "5"],
        ["list-partner-users", created["account_id"]],
    ):
        with pytest.raises(SystemExit, match="not a partner"):
            admin(capsys, *command)
