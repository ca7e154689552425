"""GET /v1/account through the real authorizer and handler, in-process against moto."""


def test_new_account_shows_ten_free_credits(api, new_account):
    # Given a brand-new account
    caller = new_account()
    # When it asks for its account
    response = api.get("/v1/account", token=caller.token)
    # Then it sees its 10 free credits and its identity
    assert response.status == 200
    body = response.json()
    assert body["credits"] == 10
    assert body["account_id"] == caller.account_id
    assert body["kind"] == "user"
    assert response.headers["X-Request-Id"]


def test_account_without_token_is_401_envelope(api):
    response = api.get("/v1/account")
    assert response.status == 401
    error = response.json()["error"]
    assert error["code"] == "unauthorized"
    assert error["request_id"] == response.headers["X-Request-Id"]


def test_revoked_key_is_refused(api, new_account, accounts):
    caller = new_account()
    assert api.get("/v1/account", token=caller.token).status == 200
    accounts.revoke_key(caller.account_id, caller.key_id, confirm_last=True)
    response = api.get("/v1/account", token=caller.token)
    assert response.status == 401
    assert response.json()["error"]["code"] == "unauthorized"
