"""Roles: open mode without any login, editors and the CTO role from configuration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib.auth import EDITOR, VIEWER, resolve_viewer
from lib.config import ROOT, load_settings
from lib.ui import LOGIN_FAILED_KEY, VIEWER_OVERRIDE_KEY


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
    assert not untrusted.can_edit  # no header configured: a header value proves nothing
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



# --- the login in the app: Streamlit's OIDC login needs a way in ---------------------------------------

OIDC = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "a-long-random-secret-for-the-cookie"
"""
PROVIDER = """client_id = "dashboard"
client_secret = "secret"
server_metadata_url = "https://id.example.org/.well-known/openid-configuration"
"""


@pytest.fixture
def with_secrets(tmp_path, monkeypatch, engine, store_url):
    """`with_secrets(text)`: the app run from a folder whose .streamlit/secrets.toml is `text` (where
    st.login reads its settings); the dashboard's own settings come from the environment."""
    monkeypatch.setenv("DATABASE_URL", store_url)
    for name in ("PHABRICATOR_URL", "PHABRICATOR_TOKEN", "EDITORS", "APPROVERS", "AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)

    def write(text: str) -> None:
        (tmp_path / ".streamlit").mkdir(exist_ok=True)
        # Streamlit reads its config.toml from the working directory too, once a process: the repo's
        shutil.copy(ROOT / ".streamlit" / "config.toml", tmp_path / ".streamlit" / "config.toml")
        (tmp_path / ".streamlit" / "secrets.toml").write_text(text)
        monkeypatch.chdir(tmp_path)
        monkeypatch.setattr(st.secrets, "_secrets", None, raising=False)  # read the new file
    return write


def _sidebar(at: AppTest) -> tuple[list[str], list[str]]:
    return [c.value for c in at.sidebar.caption], [b.label for b in at.sidebar.button]


def test_with_an_oidc_login_set_up_a_visitor_can_log_in_and_only_views_until_then(with_secrets):
    with_secrets(OIDC + PROVIDER)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    captions, buttons = _sidebar(at)
    assert "Not signed in: viewing only." in captions and buttons == ["Log in"]
    at.sidebar.button[0].click().run()  # st.login: the browser is sent to the provider
    assert not at.exception and LOGIN_FAILED_KEY not in at.session_state


def test_each_named_provider_has_its_login_button(with_secrets):
    with_secrets(OIDC + "[auth.google]\n" + PROVIDER + "[auth.okta]\n" + PROVIDER)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert _sidebar(at)[1] == ["Log in with google", "Log in with okta"]


def test_a_signed_in_editor_is_named_and_can_log_out(with_secrets, monkeypatch):
    with_secrets(OIDC + PROVIDER)
    monkeypatch.setenv("EDITORS", "ann@example.org")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = {"is_logged_in": True, "email": "ann@example.org"}
    at.run()
    captions, buttons = _sidebar(at)
    assert any(c.startswith("Signed in as") and "ann@example.org" in c and "(editor)" in c for c in captions), captions
    assert buttons == ["Log out"]


def test_an_incomplete_login_set_up_is_said_in_the_sidebar_not_raised(with_secrets):
    with_secrets("[auth]\n" + PROVIDER)  # no redirect_uri, no cookie_secret
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.sidebar.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    failed = at.session_state[LOGIN_FAILED_KEY]
    assert "redirect_uri" in failed
    # AppTest drops the sidebar from every run after an app's first: the message is read from a first run
    shown = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    shown.session_state[LOGIN_FAILED_KEY] = failed
    shown.run()
    assert any("login is not set up right" in e.value and "redirect" in e.value for e in shown.sidebar.error)


def test_editors_named_without_any_login_is_no_open_mode():
    """A login set up where the process does not see it (the app started outside the checkout) left
    only EDITORS: everyone could edit."""
    for env in ({"EDITORS": "ann@example.org"}, {"APPROVERS": "victoria@example.org"}):
        v = resolve_viewer(settings(**env), oidc_user=None, proxy_user=None)
        assert not v.open_mode and not v.can_edit and not v.is_approver


def test_the_app_started_outside_the_checkout_with_a_login_set_up_there_only_views(with_secrets, monkeypatch,
                                                                                  tmp_path):
    """Streamlit reads its secrets from the working directory, the dashboard from the checkout."""
    import lib.config

    checkout_secrets = tmp_path / "checkout-secrets.toml"
    checkout_secrets.write_text(OIDC + PROVIDER)
    monkeypatch.setattr(lib.config, "SECRETS_PATH", checkout_secrets)
    with_secrets("")  # the folder the app runs in: no [auth] there
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert not [c for c in at.sidebar.caption if "Open mode" in c.value]
    assert any("Start it from the checkout" in e.value for e in at.sidebar.error)


@pytest.mark.parametrize("user, shown", [
    ({"is_logged_in": True, "email": "ann@example.org", "email_verified": False}, "viewing only"),
    ({"is_logged_in": True, "name": "ann@example.org"}, "viewing only"),  # a display name anyone may set
    ({"is_logged_in": True, "email": "ann@example.org", "email_verified": True}, "(editor)"),
])
def test_only_an_e_mail_the_provider_has_not_disowned_names_an_editor(with_secrets, monkeypatch, user, shown):
    with_secrets(OIDC + PROVIDER)
    monkeypatch.setenv("EDITORS", "ann@example.org")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.user = user
    at.run()
    captions, buttons = _sidebar(at)
    assert any(shown in c for c in captions), captions
    assert buttons == ["Log out"]


def test_with_a_proxy_and_a_login_set_up_a_user_the_proxy_names_is_signed_in(with_secrets, monkeypatch):
    with_secrets(OIDC + PROVIDER)
    monkeypatch.setenv("AUTH_PROXY_HEADER", "X-Forwarded-User")
    monkeypatch.setenv("EDITORS", "jack")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    # AppTest sends no request headers: the viewer the proxy's header resolves to (test_auth above)
    at.session_state[VIEWER_OVERRIDE_KEY] = resolve_viewer(load_settings(), oidc_user=None, proxy_user="jack",
                                                           oidc_configured=True)
    at.run()
    captions, _buttons = _sidebar(at)
    assert any(c.startswith("Signed in as jack") and "(editor)" in c for c in captions), captions
