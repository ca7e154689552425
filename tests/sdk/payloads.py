"""Answers as the API writes them (docs/api.md), for respx-mocked tests."""

from __future__ import annotations

from typing import Any

NOW = "2026-11-30T09:00:00Z"
SETTINGS = {"width": 512, "height": 512, "steps": 4, "seed": 7, "cfg": 0.0, "count": 1}


def envelope(code: str, message: str = "m", request_id: str = "req-1", **extra: Any) -> dict:
    return {"error": {"code": code, "message": message, "request_id": request_id, **extra}}


def accepted(job_id: str = "gen_1") -> dict[str, Any]:
    return {
        "job_id": job_id,
        "status": "queued",
        "estimated_cost": 1,
        "credits_reserved": 1,
        "applied_region": "global",
        "region_source": "default",
        "model": "flux-schnell",
        "style": None,
        "settings": SETTINGS,
        "searchable": True,
        "poll_url": f"/v1/images/jobs/{job_id}",
        "created_at": NOW,
        "quality": "standard",
        "upscale": 1,
        "purpose": "image",
    }


def job(job_id: str = "gen_1", status: str = "completed", **extra: Any) -> dict[str, Any]:
    images = (
        [
            {
                "image_id": f"{job_id}_0",
                "url": f"https://cache.example/{job_id}_0.png?sig=1",
                "url_expires_in": 3600,
                "width": 512,
                "height": 512,
                "seed": 7,
                "content_type": "image/png",
                "bytes": 1234,
                "searchable": True,
            }
        ]
        if status == "completed"
        else []
    )
    return {
        "id": job_id,
        "job_id": job_id,
        "status": status,
        "created_at": NOW,
        "updated_at": NOW,
        "completed_at": NOW if status in ("completed", "failed") else None,
        "prompt": "a fox",
        "negative_prompt": "",
        "model": "flux-schnell",
        "style": None,
        "applied_region": "global",
        "settings": SETTINGS,
        "searchable": True,
        "estimated_cost": 1,
        "credits_reserved": 1,
        "credits_charged": 1 if status == "completed" else None,
        "images": images,
        "engine_ms": 12,
        "error": {"code": "generation_failed", "message": "engine broke"}
        if status == "failed"
        else None,
        "expired": False,
        "expires_at": None,
        "quality": "standard",
        "upscale": 1,
        "purpose": "image",
        **extra,
    }


def account(credits: int = 10) -> dict[str, Any]:
    return {
        "account_id": "acct_1",
        "kind": "user",
        "plan": "free",
        "partner_id": None,
        "credits": credits,
        "usage": {"images_delivered": 0},
        "created_at": NOW,
    }


def period(spent: int = 3) -> dict[str, Any]:
    return {
        "requests": 10, "images_generated": 2, "images_delivered": 1, "credits_spent": spent,
        "requests_limit": 1000, "requests_remaining": 990, "images_limit": 100,
        "images_remaining": 98, "period_start": NOW, "resets_at": NOW,
    }  # fmt: skip


def usage() -> dict[str, Any]:
    plan = {
        "name": "free", "requests_per_minute": 60, "requests_per_day": 1000,
        "requests_per_month": 10000, "images_per_day": 100, "images_per_month": 1000,
        "concurrent_jobs": 2,
    }  # fmt: skip
    return {
        "plan": plan,
        "today": period(3),
        "this_month": period(7),
        "jobs_in_flight": 0,
        "jobs_in_flight_remaining": 2,
    }
