"""Who is looking, and may they edit? Plain functions; the page passes in what Streamlit knows.

Identity comes from Streamlit's OIDC login (`st.user`) when configured, else from a header set by a
trusted reverse proxy (AUTH_PROXY_HEADER), else nobody is known: the app then runs *open* (the local
demo) and everyone is an editor. With an identity, only names in EDITORS or APPROVERS edit; APPROVERS
also hold the CTO role that approves goals.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.config import Settings

VIEWER, EDITOR = "viewer", "editor"
ANONYMOUS = "anonymous"  # a login is configured and nobody is signed in


@dataclass(frozen=True)
class Viewer:
    name: str          # who is recorded in the audit log
    role: str          # viewer or editor
    is_approver: bool  # holds the CTO role
    open_mode: bool    # no login configured: everyone edits

    @property
    def can_edit(self) -> bool:
        return self.role == EDITOR


def resolve_viewer(settings: Settings, *, oidc_user: str | None, proxy_user: str | None,
                   oidc_configured: bool = False) -> Viewer:
    """Decide the role from the identity sources that are configured, strongest first. Open mode
    only when no login of any kind is configured: a configured login with nobody signed in views."""
    identity = oidc_user or (proxy_user if settings.auth_proxy_header else None)
    if identity is None:
        login_configured = bool(settings.auth_proxy_header) or oidc_configured or oidc_user is not None
        # Names who may edit, and no login that says who is looking: a login set up where this process
        # does not see it (started outside the checkout). Never everyone, then.
        if login_configured or settings.editors or settings.approvers:
            return Viewer(ANONYMOUS, VIEWER, False, open_mode=False)
        return Viewer("open-mode user", EDITOR, True, open_mode=True)
    key = identity.strip().lower()
    editors = {e.lower() for e in settings.editors}
    approvers = {a.lower() for a in settings.approvers}
    role = EDITOR if key in editors or key in approvers else VIEWER
    return Viewer(identity.strip(), role, key in approvers, open_mode=False)
