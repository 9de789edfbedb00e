"""Roles: open mode without any login, editors and the CTO role from configuration."""

from __future__ import annotations

from pathlib import Path

from lib.auth import EDITOR, VIEWER, resolve_viewer
from lib.config import load_settings


def settings(**env):
    return load_settings(env=env, secrets_path=Path("/nonexistent"))


def test_without_any_login_the_app_runs_open_and_everyone_edits():
    v = resolve_viewer(settings(), oidc_user=None, proxy_user=None)
    assert v.open_mode and v.role == EDITOR and v.can_edit


def test_oidc_user_listed_in_editors_edits():
    v = resolve_viewer(settings(EDITORS="jack@example.org, karolin@example.org"), oidc_user="Jack@example.org",
                       proxy_user=None)
    assert v.can_edit and not v.open_mode and not v.is_approver


def test_oidc_user_not_listed_only_views():
    v = resolve_viewer(settings(EDITORS="jack@example.org"), oidc_user="exec@example.org", proxy_user=None)
    assert v.role == VIEWER and not v.can_edit


def test_proxy_header_is_trusted_only_when_configured():
    untrusted = resolve_viewer(settings(EDITORS="jack"), oidc_user=None, proxy_user="jack")
    assert untrusted.open_mode  # no header configured: a header value proves nothing
    trusted = resolve_viewer(settings(EDITORS="jack", AUTH_PROXY_HEADER="X-Forwarded-User"), oidc_user=None,
                             proxy_user="jack")
    assert trusted.can_edit and trusted.name == "jack"


def test_proxy_configured_but_no_header_is_an_anonymous_viewer():
    v = resolve_viewer(settings(AUTH_PROXY_HEADER="X-Forwarded-User"), oidc_user=None, proxy_user=None)
    assert v.role == VIEWER and not v.open_mode


def test_approvers_hold_the_cto_role_and_edit():
    v = resolve_viewer(settings(APPROVERS="victoria", AUTH_PROXY_HEADER="X-User"), oidc_user=None,
                       proxy_user="Victoria")
    assert v.is_approver and v.can_edit


def test_configured_oidc_with_nobody_signed_in_is_a_viewer_not_open_mode():
    v = resolve_viewer(settings(EDITORS="jack"), oidc_user=None, proxy_user=None, oidc_configured=True)
    assert v.role == VIEWER and not v.open_mode and not v.can_edit

