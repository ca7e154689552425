"""A generate request checks each webhook URL, looking up each host once per request."""

from __future__ import annotations

from photocen.generation.model import GenerationRequest
from photocen.generation.service import GenerationService
from photocen.generation.wiring import generate_services
from photocen.platform.principal import Principal


def test_a_batch_looks_up_each_webhook_host_once_per_request(aws, new_account):
    # Given the generate service with a resolver that counts its lookups
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["93.184.216.34"]

    base = generate_services().service
    service = GenerationService(
        base.settings,
        jobs=base.jobs,
        ledger=base.ledger,
        profiles=base.profiles,
        endpoint=base.endpoint,
        views=base.views,
        limits=base.limits,
        resolver=resolver,
    )
    caller = new_account()
    principal = Principal(caller.account_id, "user", "studio")
    hooked = [
        GenerationRequest(prompt=f"scene {n}", webhook_url="https://hooks.example.com/in")
        for n in range(3)
    ]
    other = GenerationRequest(prompt="elsewhere", webhook_url="https://other.example.com/in")
    # When a batch of four items names two webhook hosts
    result = service.submit_request(principal=principal, batch=[*hooked, other])
    # Then all are accepted and each host was looked up once
    assert result["accepted"] == 4
    assert sorted(lookups) == ["hooks.example.com", "other.example.com"]
    # And the next request looks up again (DNS answers may change between requests)
    service.submit_request(principal=principal, batch=hooked[:1])
    assert lookups.count("hooks.example.com") == 2
